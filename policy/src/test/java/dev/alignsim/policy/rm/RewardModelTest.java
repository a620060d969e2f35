package dev.alignsim.policy.rm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.seq.GruEncoder;
import dev.alignsim.policy.seq.SequenceEncoder;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RewardModelTest {
    private static final SequenceModelSpec SPEC = new SequenceModelSpec(20, 8, 16, 1, 3, 6);
    private static final int[] PROMPT = {Vocabulary.BOS, 10, Vocabulary.SEP};

    /** The GRU of SPEC, or a Transformer of the same widths (2 heads) and layout. */
    private static SequenceModelSpec spec(SequenceModelKind kind) {
        return kind == SequenceModelKind.GRU ? SPEC : SequenceModelSpec.transformer(20, 8, 16, 1, 2, 3, 6);
    }

    /** A hidden preference: each token 12 in a response is worth 1. */
    private static double utility(int[] response) {
        double u = 0;
        for (int t : response) {
            u += t == 12 ? 1 : 0;
        }
        return u;
    }

    private static int[] randomResponse(Rng rng) {
        int length = 1 + rng.nextInt(4);
        int[] r = new int[length + 1];
        for (int i = 0; i < length; i++) {
            r[i] = 10 + rng.nextInt(4);
        }
        r[length] = Vocabulary.EOS;
        return r;
    }

    private static List<RankedResponses> rankings(int n, int k, long seed) {
        Rng rng = new Rng(seed);
        List<RankedResponses> out = new ArrayList<>();
        while (out.size() < n) {
            int[][] responses = new int[k][];
            for (int j = 0; j < k; j++) {
                responses[j] = randomResponse(rng);
            }
            double[] u = new double[k];
            for (int j = 0; j < k; j++) {
                u[j] = utility(responses[j]) + 1e-3 * j;
            }
            out.add(new RankedResponses(PROMPT, responses, dev.alignsim.env.labelers.LabelerStrategy.rankByUtility(u, rng)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SequenceModelKind.class)
    void shouldOrderHeldOutPairsAsRankedWhenTrainedOnKWiseRankings(SequenceModelKind kind) {
        RewardSettings settings = new RewardSettings(15, 16, 3e-3, 1.0, 0.0, 1, false);
        try (RewardModel model = new RewardModel(spec(kind), Device.cpu(), 1);
                RewardTrainer trainer = new RewardTrainer(model, settings, 1)) {
            RewardTrainer.Stats stats = trainer.train(rankings(400, 4, 2));
            assertTrue(stats.finalLoss() < stats.epochLoss().get(0), stats.epochLoss().toString());
            Rng rng = new Rng(3);
            int correct = 0;
            int pairs = 0;
            for (int i = 0; i < 300; i++) {
                int[] a = randomResponse(rng);
                int[] b = randomResponse(rng);
                if (Math.abs(utility(a) - utility(b)) < 1) {
                    continue;
                }
                float[] s = model.rawScores(new int[][] {PROMPT, PROMPT}, new int[][] {a, b});
                pairs++;
                correct += (s[0] > s[1]) == (utility(a) > utility(b)) ? 1 : 0;
            }
            assertTrue(correct >= 0.9 * pairs, kind + ": " + correct + " of " + pairs);
        }
    }

    @Test
    void shouldScoreReferenceResponsesWithMeanZeroAndUnitStdWhenNormalised() {
        try (RewardModel model = new RewardModel(SPEC, Device.cpu(), 4)) {
            Rng rng = new Rng(5);
            int[][] prompts = new int[200][];
            int[][] responses = new int[200][];
            for (int i = 0; i < 200; i++) {
                prompts[i] = PROMPT;
                responses[i] = randomResponse(rng);
            }
            model.normaliseAgainst(prompts, responses);
            double[] s = model.scores(prompts, responses);
            double mean = java.util.Arrays.stream(s).average().orElseThrow();
            double var = java.util.Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / (s.length - 1);
            assertEquals(0.0, mean, 1e-5);
            assertEquals(1.0, Math.sqrt(var), 1e-5);
        }
    }

    @Test
    void shouldCopyThePolicyEncoderAndKeepItsHeadWhenStartedFromSft() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 7);
                RewardModel model = new RewardModel(SPEC, Device.cpu(), 8)) {
            float[] head = model.weights(0).tensor("head.weight").values();
            model.startFrom(policy.weights(0));
            String gru = GruEncoder.PREFIX + "w_hh_l0";
            assertArrayEquals(policy.weights(0).tensor(gru).values(), model.weights(0).tensor(gru).values());
            assertArrayEquals(head, model.weights(0).tensor("head.weight").values());
            assertNotEquals(policy.weights(0).tensor("head.weight").values().length, head.length);
        }
    }

    @Test
    void shouldCopyTheTransformerPolicysEncoderWhenStartedFromSft() {
        SequenceModelSpec transformer = spec(SequenceModelKind.TRANSFORMER);
        try (SequencePolicy policy = new SequencePolicy(transformer, Device.cpu(), 7);
                RewardModel model = new RewardModel(transformer, Device.cpu(), 8)) {
            model.startFrom(policy.weights(0));
            for (String name : policy.weights(0).names()) {
                if (name.startsWith(SequenceEncoder.PREFIX)) {
                    assertArrayEquals(policy.weights(0).tensor(name).values(), model.weights(0).tensor(name).values(), name);
                }
            }
        }
    }

    @Test
    void shouldRefuseAnEncoderOfTheOtherKindWhenStartedFromSft() {
        try (SequencePolicy gru = new SequencePolicy(SPEC, Device.cpu(), 7);
                RewardModel model = new RewardModel(spec(SequenceModelKind.TRANSFORMER), Device.cpu(), 8)) {
            assertThrows(IllegalArgumentException.class, () -> model.startFrom(gru.weights(0)));
        }
    }

    @Test
    void shouldReportSpreadOnlyWhenTheEnsembleHasSeveralMembers() {
        RewardSettings one = new RewardSettings(1, 16, 1e-3, 1.0, 0.0, 1, false);
        RewardSettings three = new RewardSettings(1, 16, 1e-3, 1.0, 0.0, 3, false);
        int[][] prompts = {PROMPT, PROMPT};
        int[][] responses = {{10, Vocabulary.EOS}, {12, 12, Vocabulary.EOS}};
        try (RewardEnsemble single = new RewardEnsemble(SPEC, one, Device.cpu(), 1);
                RewardEnsemble triple = new RewardEnsemble(SPEC, three, Device.cpu(), 1)) {
            assertArrayEquals(new double[] {0, 0}, single.scores(prompts, responses).spread());
            assertTrue(triple.scores(prompts, responses).spread()[0] > 0);
        }
    }

    @Test
    void shouldRejectRankingsOfDifferentSizesWhenTraining() {
        List<RankedResponses> mixed = new ArrayList<>(rankings(2, 4, 1));
        mixed.addAll(rankings(1, 3, 1));
        try (RewardModel model = new RewardModel(SPEC, Device.cpu(), 1);
                RewardTrainer trainer = new RewardTrainer(model, new RewardSettings(1, 4, 1e-3, 1.0, 0.0, 1, false), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(mixed));
            assertTrue(e.getMessage().contains("ranking 2"), e.getMessage());
        }
    }
}
