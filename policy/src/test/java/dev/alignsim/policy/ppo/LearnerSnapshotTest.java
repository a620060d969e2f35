package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerSnapshotTest {
    private static final NetworkSpec CARTPOLE = new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2));
    private static final int N = 128;
    private static final double LR = 2.5e-4;

    private static float[] gaussians(Rng rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    private static PolicyBatch policyBatch(long version, long seed) {
        Rng rng = new Rng(seed);
        float[] obs = gaussians(rng, N * 4);
        float[] actions = new float[N];
        for (int i = 0; i < N; i++) {
            actions[i] = rng.nextInt(2);
        }
        return new PolicyBatch(version, N, obs, actions, gaussians(rng, N));
    }

    private static ValueBatch valueBatch(long seed) {
        Rng rng = new Rng(seed);
        return new ValueBatch(N, gaussians(rng, N * 4), gaussians(rng, N), gaussians(rng, N));
    }

    private static void assertSameWeights(NetworkWeights expected, NetworkWeights actual) {
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.names(), actual.names());
        for (int i = 0; i < expected.tensors().size(); i++) {
            NetworkWeights.Tensor e = expected.tensors().get(i);
            NetworkWeights.Tensor a = actual.tensors().get(i);
            assertArrayEquals(e.shape(), a.shape(), e.name());
            assertArrayEquals(e.values(), a.values(), e.name());
        }
    }

    private static void assertSameMoments(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "moment " + i);
        }
    }

    private static void assertSameSnapshot(LearnerSnapshot expected, LearnerSnapshot actual) {
        assertSameWeights(expected.weights(), actual.weights());
        assertEquals(expected.adamStep(), actual.adamStep());
        assertSameMoments(expected.adamFirstMoments(), actual.adamFirstMoments());
        assertSameMoments(expected.adamSecondMoments(), actual.adamSecondMoments());
        assertArrayEquals(expected.shuffleRng(), actual.shuffleRng());
    }

    private static PolicyLearner trainedPolicy() {
        PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1);
        learner.update(policyBatch(0, 100), LR);
        learner.update(policyBatch(1, 101), LR);
        return learner;
    }

    private static ValueLearner trainedCritic() {
        ValueLearner learner = new ValueLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1);
        learner.update(valueBatch(200), LR);
        learner.update(valueBatch(201), LR);
        return learner;
    }

    @Test
    void shouldUpdateBitIdenticallyWhenPolicySnapshotRestoredIntoLearnerWithOtherSeed() {
        try (PolicyLearner original = trainedPolicy();
                PolicyLearner restored = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());
            PolicyBatch next = policyBatch(2, 102);

            PolicyStats expected = original.update(next, LR);
            PolicyStats actual = restored.update(next, LR);

            assertSameWeights(original.weights(), restored.weights());
            assertEquals(expected, actual);
        }
    }

    @Test
    void shouldLeaveIdenticalOptimizerStateWhenRestoredPolicyUpdatedAgain() {
        try (PolicyLearner original = trainedPolicy();
                PolicyLearner restored = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());
            PolicyBatch next = policyBatch(2, 102);

            original.update(next, LR);
            restored.update(next, LR);

            assertSameSnapshot(original.snapshot(), restored.snapshot());
        }
    }

    @Test
    void shouldTakeOverVersionWhenPolicySnapshotRestored() {
        try (PolicyLearner original = trainedPolicy();
                PolicyLearner restored = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());

            assertEquals(2, restored.version());
            assertSameSnapshot(original.snapshot(), restored.snapshot());
        }
    }

    @Test
    void shouldRecordAdamStepsWhenPolicySnapshotTaken() {
        try (PolicyLearner original = trainedPolicy()) {
            LearnerSnapshot snapshot = original.snapshot();

            // cleanRl: 4 epochs x 4 minibatches per update, 2 updates, no KL early stop
            assertEquals(32, snapshot.adamStep());
            assertEquals(2, snapshot.weights().version());
            assertEquals(snapshot.weights().tensors().size(), snapshot.adamFirstMoments().size());
        }
    }

    @Test
    void shouldUpdateDifferentlyWhenPolicyLearnerWithOtherSeedIsNotRestored() {
        // Control: a learner of another seed differs, so the equalities above come from restore.
        try (PolicyLearner original = trainedPolicy();
                PolicyLearner other = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            other.update(policyBatch(0, 100), LR);
            other.update(policyBatch(1, 101), LR);

            assertFalse(Arrays.equals(original.weights().tensor("w0").values(), other.weights().tensor("w0").values()));
        }
    }

    @Test
    void shouldUpdateBitIdenticallyWhenValueSnapshotRestoredIntoLearnerWithOtherSeed() {
        try (ValueLearner original = trainedCritic();
                ValueLearner restored = new ValueLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());
            ValueBatch next = valueBatch(202);

            ValueStats expected = original.update(next, LR);
            ValueStats actual = restored.update(next, LR);

            assertSameWeights(original.weights(), restored.weights());
            assertEquals(expected, actual);
        }
    }

    @Test
    void shouldLeaveIdenticalOptimizerStateWhenRestoredCriticUpdatedAgain() {
        try (ValueLearner original = trainedCritic();
                ValueLearner restored = new ValueLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());
            ValueBatch next = valueBatch(202);

            original.update(next, LR);
            restored.update(next, LR);

            assertSameSnapshot(original.snapshot(), restored.snapshot());
        }
    }

    @Test
    void shouldPredictSameValuesWhenValueSnapshotRestored() {
        try (ValueLearner original = trainedCritic();
                ValueLearner restored = new ValueLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 2)) {
            restored.restore(original.snapshot());
            float[] obs = valueBatch(300).observations();

            assertArrayEquals(original.values(obs, N), restored.values(obs, N));
            assertEquals(2, restored.weights().version());
        }
    }

    @Test
    void shouldKeepSnapshotUnchangedWhenLearnerUpdatesAfterIt() {
        try (PolicyLearner learner = trainedPolicy()) {
            LearnerSnapshot snapshot = learner.snapshot();
            float[] w0 = snapshot.weights().tensor("w0").values().clone();
            float[] m0 = snapshot.adamFirstMoments().get(0).clone();
            long[] rng = snapshot.shuffleRng();

            learner.update(policyBatch(2, 102), LR);

            assertArrayEquals(w0, snapshot.weights().tensor("w0").values());
            assertArrayEquals(m0, snapshot.adamFirstMoments().get(0));
            assertArrayEquals(rng, snapshot.shuffleRng());
            assertEquals(32, snapshot.adamStep());
        }
    }
}
