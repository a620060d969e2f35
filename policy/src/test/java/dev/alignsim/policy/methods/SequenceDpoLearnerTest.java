package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import org.junit.jupiter.api.Test;

class SequenceDpoLearnerTest {
    private static final SequenceModelSpec SPEC = new SequenceModelSpec(20, 8, 16, 1, 3, 6);
    private static final long SEED = 5;

    private static DpoSettings settings(DpoLoss.Type loss) {
        return new DpoSettings(0.5, loss, 10, 16, 1e-2, 1.0, 1, 16);
    }

    /** Prompt [BOS w SEP] prefers the answer [w, 12, EOS] to [w, 13, EOS]: one token decides. */
    private static PreferenceBatch pairs(SequencePolicy reference, int n) {
        int[][] prompts = new int[n][];
        int[][] chosen = new int[n][];
        int[][] rejected = new int[n][];
        for (int i = 0; i < n; i++) {
            int w = 4 + i % 8;
            prompts[i] = new int[] {Vocabulary.BOS, w, Vocabulary.SEP};
            chosen[i] = new int[] {w, 12, Vocabulary.EOS};
            rejected[i] = new int[] {w, 13, Vocabulary.EOS};
        }
        return PreferenceBatch.of(reference, prompts, chosen, rejected);
    }

    /** A policy with the reference's weights, as the dpo stage starts it. */
    private static SequencePolicy copyOf(SequencePolicy reference) {
        SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 99);
        policy.load(reference.weights(0));
        return policy;
    }

    @Test
    void shouldLowerTheLossAndRaiseTheAccuracyWhenTrainedOverEpochs() {
        try (SequencePolicy reference = new SequencePolicy(SPEC, Device.cpu(), 1); SequencePolicy policy = copyOf(reference);
                SequenceDpoLearner learner = new SequenceDpoLearner(policy, settings(DpoLoss.Type.SIGMOID), SEED)) {
            PreferenceBatch pairs = pairs(reference, 64);
            DpoLoss.Values before = learner.evaluate(pairs);
            SequenceDpoLearner.EpochStats first = learner.epoch(pairs);
            SequenceDpoLearner.EpochStats last = first;
            for (int e = 1; e < 6; e++) {
                last = learner.epoch(pairs);
            }
            DpoLoss.Values after = learner.evaluate(pairs);
            assertEquals(Math.log(2), before.loss(), 1e-3, "the policy starts as the reference: h = 0, loss log 2");
            assertTrue(last.loss() < first.loss() - 0.1, "epoch loss went from " + first.loss() + " to " + last.loss());
            assertTrue(after.accuracy() > 0.95, "implicit-reward accuracy after training: " + after.accuracy());
            assertTrue(after.margin() > 0, "mean margin after training: " + after.margin());
        }
    }

    @Test
    void shouldMeasureTheReferencesLossWhenItsFirstStepSeesThePolicyStillAtTheReference() {
        // One minibatch of every pair, measured before its step: the policy's in-graph sums over real tokens (padding
        // masked) must equal the reference's precomputed ones, h = 0 for every pair.
        DpoSettings oneBatch = new DpoSettings(0.5, DpoLoss.Type.SIGMOID, 1, 64, 1e-2, 1.0, 1, 16);
        DpoSettings oneBatchIpo = new DpoSettings(0.5, DpoLoss.Type.IPO, 1, 64, 1e-2, 1.0, 1, 16);
        try (SequencePolicy reference = new SequencePolicy(SPEC, Device.cpu(), 1); SequencePolicy policy = copyOf(reference);
                SequencePolicy other = copyOf(reference);
                SequenceDpoLearner dpo = new SequenceDpoLearner(policy, oneBatch, SEED);
                SequenceDpoLearner ipo = new SequenceDpoLearner(other, oneBatchIpo, SEED)) {
            PreferenceBatch pairs = pairs(reference, 40);
            SequenceDpoLearner.EpochStats sigmoid = dpo.epoch(pairs);
            assertEquals(Math.log(2), sigmoid.loss(), 1e-5, "-log sigma(0)");
            assertEquals(0.0, sigmoid.margin(), 1e-5);
            assertEquals(1.0, ipo.epoch(pairs).loss(), 1e-4, "(0 - 1/(2 beta))^2 with beta 1/2");
        }
    }

    @Test
    void shouldBringTheMarginToHalfWhenTheLossIsIpo() {
        try (SequencePolicy reference = new SequencePolicy(SPEC, Device.cpu(), 1); SequencePolicy policy = copyOf(reference);
                SequenceDpoLearner learner = new SequenceDpoLearner(policy, settings(DpoLoss.Type.IPO), SEED)) {
            PreferenceBatch pairs = pairs(reference, 64);
            for (int e = 0; e < 15; e++) {
                learner.epoch(pairs);
            }
            // IPO regresses h to 1/(2 beta): the implicit-reward margin beta h settles at 1/2 rather than growing without bound.
            assertEquals(0.5, learner.evaluate(pairs).margin(), 0.1);
        }
    }

    @Test
    void shouldContinueExactlyWhenRestoredFromASnapshot() {
        DpoSettings settings = new DpoSettings(0.1, DpoLoss.Type.SIGMOID, 3, 10, 3e-3, 0.5, 1, 16);
        try (SequencePolicy reference = new SequencePolicy(SPEC, Device.cpu(), 1)) {
            PreferenceBatch pairs = pairs(reference, 37);
            SequenceDpoLearner.EpochStats uninterrupted;
            NetworkWeights expected;
            LearnerSnapshot snapshot;
            try (SequencePolicy policy = copyOf(reference); SequenceDpoLearner learner = new SequenceDpoLearner(policy, settings, SEED)) {
                learner.epoch(pairs);
                snapshot = learner.snapshot();
                uninterrupted = learner.epoch(pairs);
                expected = policy.weights(0);
            }
            try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 7);
                    SequenceDpoLearner learner = new SequenceDpoLearner(policy, settings, 12345)) {
                learner.restore(snapshot);
                assertEquals(1, learner.epochs(), "the snapshot's weights carry the epochs done");
                assertEquals(uninterrupted, learner.epoch(pairs));
                NetworkWeights resumed = policy.weights(0);
                for (String name : expected.names()) {
                    assertArrayEquals(expected.tensor(name).values(), resumed.tensor(name).values(), name);
                }
            }
        }
    }
}
