package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.labelers.LabelingContext;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Gold and length of a set of responses, as metrics: the mean, and the mean per prompt kind. */
public final class GoldReport {
    private GoldReport() {}

    public static double meanGold(GoldUtility gold, Prompt[] prompts, int[][] responses) {
        double sum = 0;
        for (int i = 0; i < prompts.length; i++) {
            sum += gold.score(prompts[i], responses[i]).total();
        }
        return sum / prompts.length;
    }

    /** Mean gold per prompt kind present, in the kinds' order. */
    public static Map<PromptKind, Double> goldByKind(GoldUtility gold, Prompt[] prompts, int[][] responses) {
        Map<PromptKind, double[]> sums = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < prompts.length; i++) {
            double[] s = sums.computeIfAbsent(prompts[i].kind(), k -> new double[2]);
            s[0] += gold.score(prompts[i], responses[i]).total();
            s[1]++;
        }
        Map<PromptKind, Double> means = new EnumMap<>(PromptKind.class);
        sums.forEach((kind, s) -> means.put(kind, s[0] / s[1]));
        return means;
    }

    /** {@code prefix} (mean gold) and {@code prefix/<kind>} (mean gold of each kind). */
    public static void putGold(Map<String, Object> metrics, String prefix, GoldUtility gold, Prompt[] prompts, int[][] responses) {
        metrics.put(prefix, meanGold(gold, prompts, responses));
        goldByKind(gold, prompts, responses).forEach((kind, mean) -> metrics.put(prefix + "/" + kindName(kind), mean));
    }

    public static String kindName(PromptKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Mean number of tokens before EOS. */
    public static double meanLength(int[][] responses) {
        return Arrays.stream(responses).mapToInt(LabelingContext::length).average().orElse(0);
    }

    /** The first {@code lines} prompt -> response pairs, rendered, with their gold. */
    public static void samples(ChatWorld world, Prompt[] prompts, int[][] responses, int lines, Consumer<String> out) {
        for (int i = 0; i < Math.min(lines, prompts.length); i++) {
            out.accept(world.rendering().render(prompts[i], responses[i])
                    + String.format(Locale.ROOT, "  (gold %.2f)", world.gold().score(prompts[i], responses[i]).total()));
        }
    }
}
