package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.GoldScore;
import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A labeler's ranking as the stored {@link Comparison}: who ranked, with which strategy, the prompt, the K responses
 * with their gold utility by component (for analysis only: reward models never read it) and the ranking. Shared by
 * the label stage and the labeling rounds of the RLHF stage, so both store the same record.
 */
public final class ComparisonRecords {
    private ComparisonRecords() {}

    public static Comparison of(long iteration, String labelerId, String strategy, long labelsGivenBefore, Prompt prompt,
            int[][] responses, int[] ranking, GoldUtility gold) {
        Comparison.Builder c = Comparison.newBuilder().setIteration(iteration).setLabelerId(labelerId).setStrategy(strategy)
                .setPromptKind(prompt.kind().name().toLowerCase(Locale.ROOT)).setLabelsGiven(labelsGivenBefore);
        for (int t : prompt.tokens()) {
            c.addPromptTokens(t);
        }
        for (int[] response : responses) {
            JudgedResponse.Builder r = JudgedResponse.newBuilder().setGold(components(gold.score(prompt, response)));
            for (int t : response) {
                r.addTokens(t);
            }
            c.addResponses(r);
        }
        for (int r : ranking) {
            c.addRanking(r);
        }
        return c.build();
    }

    /**
     * Each prompt's K responses ranked by the labeler {@link LabelerPopulation#labelerFor} deals it to, in prompt order,
     * as comparisons of {@code iteration}: what the label stage stores and what {@link UnseenComparisons} measures with.
     */
    public static List<Comparison> rank(long iteration, ChatWorld world, LabelerPopulation population, Prompt[] prompts,
            int[][][] responses) {
        List<Comparison> comparisons = new ArrayList<>(prompts.length);
        for (int i = 0; i < prompts.length; i++) {
            Labeler labeler = population.labelerFor(i);
            long before = labeler.labelsGiven();
            int[] ranking = labeler.rank(prompts[i], responses[i]);
            comparisons.add(of(iteration, labeler.id(), world.settings().strategyOf(labeler.id()), before, prompts[i], responses[i],
                    ranking, world.gold()));
        }
        return comparisons;
    }

    /** Stored comparisons as reward-model training examples (gold is dropped: the reward model never sees it). */
    public static List<RankedResponses> toRanked(List<Comparison> comparisons) {
        List<RankedResponses> out = new ArrayList<>(comparisons.size());
        for (Comparison c : comparisons) {
            int[] prompt = c.getPromptTokensList().stream().mapToInt(Integer::intValue).toArray();
            int[][] responses = c.getResponsesList().stream()
                    .map(r -> r.getTokensList().stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            out.add(new RankedResponses(prompt, responses, c.getRankingList().stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }

    /**
     * The population gold of a comparison's responses, in presentation order, from their stored components: with the
     * default population, their stored gold totals exactly.
     */
    public static double[] populationGold(Comparison comparison, UserPopulation users) {
        return comparison.getResponsesList().stream().mapToDouble(r -> users.gold(score(r.getGold()))).toArray();
    }

    /** Group {@code group}'s utility of each of a comparison's responses, in presentation order. */
    public static double[] groupUtilities(Comparison comparison, UserPopulation users, int group) {
        UserGroup g = users.groups().get(group);
        return comparison.getResponsesList().stream().mapToDouble(r -> g.utility(score(r.getGold()))).toArray();
    }

    /** A stored response's gold score by component (its total the sum of the components, as it was stored). */
    public static GoldScore score(GoldComponents g) {
        return GoldScore.of(g.getCoverage(), g.getCorrectness(), g.getHallucination(), g.getSafety(), g.getRefusalStyle(),
                g.getOverRefusal(), g.getLength());
    }

    private static GoldComponents components(GoldScore g) {
        return GoldComponents.newBuilder().setCoverage(g.coverage()).setCorrectness(g.correctness())
                .setHallucination(g.hallucination()).setSafety(g.safety()).setRefusalStyle(g.refusalStyle()).setOverRefusal(g.overRefusal())
                .setLength(g.length()).setTotal(g.total()).build();
    }
}
