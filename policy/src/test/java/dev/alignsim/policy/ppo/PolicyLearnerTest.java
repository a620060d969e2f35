package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

class PolicyLearnerTest {
    private static final NetworkSpec CARTPOLE = new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2));

    private static PolicyBatch randomBatch(int n, long version, long seed) {
        Rng rng = new Rng(seed);
        float[] obs = new float[n * 4];
        float[] actions = new float[n];
        float[] advantages = new float[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 4; d++) {
                obs[i * 4 + d] = (float) rng.nextGaussian();
            }
            actions[i] = rng.nextInt(2);
            advantages[i] = (float) rng.nextGaussian();
        }
        return new PolicyBatch(version, n, obs, actions, advantages);
    }

    private static PpoSettings oneMinibatchOneEpoch() {
        PpoSettings d = PpoSettings.cleanRl();
        return new PpoSettings(d.learningRate(), false, d.gamma(), d.gaeLambda(), 1, 1, true, d.clipCoef(), true,
                d.entCoef(), d.vfCoef(), d.maxGradNorm(), Double.NaN, d.adamEpsilon());
    }

    @Test
    void shouldHaveRatioExactlyOneWhenOnFirstMinibatch() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, oneMinibatchOneEpoch(), Device.cpu(), 1)) {
            PolicyStats stats = learner.update(randomBatch(128, 0, 7), 2.5e-4);
            // log ratio exactly 0 makes both KL estimators and the clip fraction exactly 0
            assertEquals(0.0, stats.oldApproxKl());
            assertEquals(0.0, stats.approxKl());
            assertEquals(0.0, stats.clipFraction());
        }
    }

    @Test
    void shouldChangeLogProbsWhenUpdated() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            PolicyBatch batch = randomBatch(128, 0, 7);
            float[] before = learner.logProbs(batch.observations(), batch.actions(), 128);
            learner.update(batch, 1e-2);
            float[] after = learner.logProbs(batch.observations(), batch.actions(), 128);
            double change = 0;
            for (int i = 0; i < before.length; i++) {
                change += Math.abs(after[i] - before[i]);
            }
            assertTrue(change > 1e-3, "log-probs moved by " + change);
            assertEquals(1, learner.version());
        }
    }

    @Test
    void shouldRejectBatchWhenCollectedByAnotherVersion() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            assertThrows(IllegalStateException.class, () -> learner.update(randomBatch(128, 3, 7), 2.5e-4));
        }
    }

    @Test
    void shouldNameAdvantagesWhenTheyAreNaN() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            PolicyBatch batch = randomBatch(128, 0, 7);
            batch.advantages()[5] = Float.NaN;
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> learner.update(batch, 2.5e-4));
            assertTrue(e.getMessage().contains("advantages[5]"), e.getMessage());
        }
    }

    @Test
    void shouldGiveSameWeightsWhenSameSeed() {
        try (PolicyLearner a = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 5);
                PolicyLearner b = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 5)) {
            a.update(randomBatch(128, 0, 3), 1e-3);
            b.update(randomBatch(128, 0, 3), 1e-3);
            assertTrue(java.util.Arrays.equals(a.weights().tensor("w0").values(), b.weights().tensor("w0").values()));
        }
    }

    @Test
    void shouldTrainLogStdWhenActionsAreContinuous() {
        NetworkSpec pendulum = new NetworkSpec(3, new int[] {64, 64}, Space.Box.symmetric(1, 2f));
        try (PolicyLearner learner = new PolicyLearner(pendulum, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            Rng rng = new Rng(3);
            float[] obs = new float[128 * 3];
            float[] actions = new float[128];
            float[] advantages = new float[128];
            for (int i = 0; i < 128; i++) {
                for (int d = 0; d < 3; d++) {
                    obs[i * 3 + d] = (float) rng.nextGaussian();
                }
                actions[i] = (float) (3 * rng.nextGaussian());
                advantages[i] = Math.abs(actions[i]) > 2 ? 1f : -1f;
            }
            learner.update(new PolicyBatch(0, 128, obs, actions, advantages), 1e-2);
            float logStd = learner.weights().tensor("log_std").values()[0];
            // wide actions were good: the learned standard deviation grows from exp(0) = 1
            assertTrue(logStd > 0.01, "log_std after one update: " + logStd);
        }
    }
}
