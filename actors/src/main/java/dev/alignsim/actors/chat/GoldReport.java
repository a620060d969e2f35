package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.labelers.LabelingContext;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gold and length of a set of responses, as metrics: the mean, the mean per prompt kind and, when the users'
 * population has more than one group, each group's mean utility and the spread between the best- and the worst-served
 * group. Gold is population gold ({@link ChatWorld#populationGold}), the gold total with the default population.
 */
public final class GoldReport {
    /** The infix of the per-group keys: {@code objective/gold/group/<name>}. */
    public static final String GROUP = "/group/";
    /** The suffix of the spread key: {@code objective/gold/group_spread}. */
    public static final String GROUP_SPREAD = "/group_spread";

    private GoldReport() {}

    /** Mean population gold. */
    public static double meanGold(ChatWorld world, Prompt[] prompts, int[][] responses) {
        double sum = 0;
        for (int i = 0; i < prompts.length; i++) {
            sum += world.populationGold(prompts[i], responses[i]);
        }
        return sum / prompts.length;
    }

    /** Mean population gold per prompt kind present, in the kinds' order. */
    public static Map<PromptKind, Double> goldByKind(ChatWorld world, Prompt[] prompts, int[][] responses) {
        Map<PromptKind, double[]> sums = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < prompts.length; i++) {
            double[] s = sums.computeIfAbsent(prompts[i].kind(), k -> new double[2]);
            s[0] += world.populationGold(prompts[i], responses[i]);
            s[1]++;
        }
        Map<PromptKind, Double> means = new EnumMap<>(PromptKind.class);
        sums.forEach((kind, s) -> means.put(kind, s[0] / s[1]));
        return means;
    }

    /** Each group's mean utility, in the groups' order. */
    public static double[] groupMeans(ChatWorld world, Prompt[] prompts, int[][] responses) {
        double[] sums = new double[world.users().size()];
        for (int i = 0; i < prompts.length; i++) {
            double[] u = world.groupUtilities(prompts[i], responses[i]);
            for (int g = 0; g < sums.length; g++) {
                sums[g] += u[g];
            }
        }
        for (int g = 0; g < sums.length; g++) {
            sums[g] /= prompts.length;
        }
        return sums;
    }

    /**
     * {@code prefix} (mean population gold), {@code prefix/<kind>} (its mean for each kind) and, with more than one
     * group, the groups' figures ({@link #putGroups}).
     */
    public static void putGold(Map<String, Object> metrics, String prefix, ChatWorld world, Prompt[] prompts, int[][] responses) {
        metrics.put(prefix, meanGold(world, prompts, responses));
        goldByKind(world, prompts, responses).forEach((kind, mean) -> metrics.put(prefix + "/" + kindName(kind), mean));
        putGroups(metrics, prefix, world, prompts, responses);
    }

    /**
     * Only when the population has more than one group: {@code prefix/group/<name>}, each group's mean utility, and
     * {@code prefix/group_spread}, the best-served group's less the worst-served group's.
     */
    public static void putGroups(Map<String, Object> metrics, String prefix, ChatWorld world, Prompt[] prompts, int[][] responses) {
        if (!world.reportsGroups()) {
            return;
        }
        putGroupMeans(metrics, prefix, world.users().groups(), groupMeans(world, prompts, responses));
    }

    /** {@code prefix/group/<name>} for each group's figure and {@code prefix/group_spread}, their maximum less their minimum. */
    public static void putGroupMeans(Map<String, Object> metrics, String prefix, List<UserGroup> groups, double[] means) {
        for (int g = 0; g < means.length; g++) {
            metrics.put(prefix + GROUP + groups.get(g).name(), means[g]);
        }
        metrics.put(prefix + GROUP_SPREAD, Arrays.stream(means).max().orElse(0) - Arrays.stream(means).min().orElse(0));
    }

    public static String kindName(PromptKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Mean number of tokens before EOS. */
    public static double meanLength(int[][] responses) {
        return Arrays.stream(responses).mapToInt(LabelingContext::length).average().orElse(0);
    }

    /** The first {@code lines} prompt -> response pairs, rendered, with their (population) gold. */
    public static void samples(ChatWorld world, Prompt[] prompts, int[][] responses, int lines, Consumer<String> out) {
        for (int i = 0; i < Math.min(lines, prompts.length); i++) {
            out.accept(world.rendering().render(prompts[i], responses[i])
                    + String.format(Locale.ROOT, "  (gold %.2f)", world.populationGold(prompts[i], responses[i])));
        }
    }
}
