package dev.alignsim.policy.rm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerStrategy;
import dev.alignsim.policy.seq.SequenceModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-group rewards in the policy layer: members combined by weights, and each member trained on its own rankings. */
class WeightedRewardEnsembleTest {
    private static final SequenceModelSpec SPEC = new SequenceModelSpec(20, 8, 16, 1, 3, 6);
    private static final RewardSettings TWO = new RewardSettings(2, 8, 3e-3, 1.0, 0.0, 2, false, true);
    private static final int[] PROMPT = {Vocabulary.BOS, 10, Vocabulary.SEP};
    private static final int[][] PROMPTS = {PROMPT, PROMPT, PROMPT};
    private static final int[][] RESPONSES = {{10, Vocabulary.EOS}, {12, 12, Vocabulary.EOS}, {11, 13, 12, Vocabulary.EOS}};

    /** Rankings by the number of {@code favourite} tokens in a response. */
    private static List<RankedResponses> rankings(int n, int favourite, long seed) {
        Rng rng = new Rng(seed);
        List<RankedResponses> out = new ArrayList<>();
        while (out.size() < n) {
            int[][] responses = new int[3][];
            double[] u = new double[3];
            for (int j = 0; j < 3; j++) {
                int length = 1 + rng.nextInt(4);
                responses[j] = new int[length + 1];
                for (int i = 0; i < length; i++) {
                    responses[j][i] = 10 + rng.nextInt(4);
                    u[j] += responses[j][i] == favourite ? 1 : 0;
                }
                responses[j][length] = Vocabulary.EOS;
                u[j] += 1e-3 * j;
            }
            out.add(new RankedResponses(PROMPT, responses, LabelerStrategy.rankByUtility(u, rng)));
        }
        return out;
    }

    @Test
    void shouldGiveTheShareWeightedMeanWhenCombiningHandComputedScores() {
        double[][] members = {{1.0, 2.0, -4.0}, {3.0, -1.0, 0.0}};

        // (3 * 1 + 1 * 3) / 4, (3 * 2 - 1) / 4, (3 * -4 + 0) / 4
        assertArrayEquals(new double[] {1.5, 1.25, -3.0}, RewardEnsemble.combine(members, new double[] {3, 1}), 0.0);
    }

    @Test
    void shouldScoreTheWeightedMeanOfItsMembersScoresWhenWeighted() {
        try (RewardEnsemble ensemble = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {0.4, 0.6})) {
            ensemble.members().get(0).setNormalisation(0.1, 2.0);
            ensemble.members().get(1).setNormalisation(-0.3, 0.5);
            RewardEnsemble.Scores scores = ensemble.scores(PROMPTS, RESPONSES);

            double[] m0 = ensemble.members().get(0).scores(PROMPTS, RESPONSES);
            double[] m1 = ensemble.members().get(1).scores(PROMPTS, RESPONSES);
            for (int i = 0; i < PROMPTS.length; i++) {
                assertEquals((0.4 * m0[i] + 0.6 * m1[i]) / 1.0, scores.mean()[i], 1e-12, "response " + i);
                assertFalse(Math.abs((m0[i] + m1[i]) / 2 - scores.mean()[i]) < 1e-9, "the plain mean, not the weighted one");
            }
        }
    }

    @Test
    void shouldKeepTheMembersUnweightedSpreadWhenWeighted() {
        try (RewardEnsemble weighted = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {0.9, 0.1});
                RewardEnsemble plain = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1)) {
            assertArrayEquals(plain.scores(PROMPTS, RESPONSES).spread(), weighted.scores(PROMPTS, RESPONSES).spread(), 0.0);
            assertFalse(plain.weighted());
            assertTrue(weighted.weighted());
        }
    }

    @Test
    void shouldTrainEachMemberOnlyOnItsOwnRankingsWhenTrainedEach() {
        List<RankedResponses> likes12 = rankings(40, 12, 2);
        List<RankedResponses> likes13 = rankings(40, 13, 3);
        try (RewardEnsemble both = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1, 1});
                RewardEnsemble firstOnly = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1, 1});
                RewardEnsemble untrained = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1, 1})) {
            List<Optional<RewardTrainer.Stats>> stats = both.trainEach(List.of(likes12, likes13));
            List<Optional<RewardTrainer.Stats>> firstStats = firstOnly.trainEach(List.of(likes12, List.of()));

            assertTrue(stats.get(0).isPresent() && stats.get(1).isPresent());
            assertTrue(firstStats.get(0).isPresent() && firstStats.get(1).isEmpty(), "a member given nothing does not train");
            // Member 0 learned the same from the same rankings, whatever member 1 was given.
            assertArrayEquals(both.members().get(0).rawScores(PROMPTS, RESPONSES), firstOnly.members().get(0).rawScores(PROMPTS, RESPONSES));
            // Member 1, given nothing, is as it started; given its rankings, it moved.
            float[] start = untrained.members().get(1).rawScores(PROMPTS, RESPONSES);
            assertArrayEquals(start, firstOnly.members().get(1).rawScores(PROMPTS, RESPONSES));
            assertFalse(Arrays.equals(start, both.members().get(1).rawScores(PROMPTS, RESPONSES)));
        }
    }

    @Test
    void shouldRejectWeightsThatAreNotOnePositivePerMember() {
        assertThrows(IllegalArgumentException.class, () -> new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1, 0}));
    }

    @Test
    void shouldRejectATrainingSetPerMemberOfTheWrongCount() {
        try (RewardEnsemble ensemble = new RewardEnsemble(SPEC, TWO, Device.cpu(), 1, new double[] {1, 1})) {
            assertThrows(IllegalArgumentException.class, () -> ensemble.trainEach(List.of(rankings(4, 12, 1))));
        }
    }
}
