package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

class InferencePolicyTest {

    private static float[] observations(int rows, int dim) {
        Rng rng = new Rng(9);
        float[] obs = new float[rows * dim];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        return obs;
    }

    private static void assertLogProbsAgree(NetworkSpec spec) {
        int rows = 32;
        float[] obs = observations(rows, spec.obsDim());
        try (PolicyLearner learner = new PolicyLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 3)) {
            // move off the initial weights so that the comparison is not trivially near-uniform
            float[] advantages = new float[rows];
            java.util.Arrays.fill(advantages, 1f);
            float[] someActions = new float[rows * spec.actionDim()];
            learner.update(new PolicyBatch(0, rows, obs, someActions, advantages), 1e-2);
            InferencePolicy copy = new InferencePolicy(spec, learner.weights());
            float[] actions = new float[rows * spec.actionDim()];
            float[] logProbs = new float[rows];
            copy.act(obs, rows, new Rng(4), actions, logProbs);
            assertArrayEquals(learner.logProbs(obs, actions, rows), logProbs, 1e-4f);
        }
    }

    @Test
    void shouldMatchLearnerLogProbsWhenDiscrete() {
        assertLogProbsAgree(new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(3)));
    }

    @Test
    void shouldMatchLearnerLogProbsWhenContinuous() {
        assertLogProbsAgree(new NetworkSpec(3, new int[] {64, 64}, Space.Box.symmetric(2, 2f)));
    }

    @Test
    void shouldSampleActionsInProportionToProbabilitiesWhenDiscrete() {
        NetworkSpec spec = new NetworkSpec(1, new int[] {4}, new Space.Discrete(2));
        try (PolicyLearner learner = new PolicyLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 3)) {
            InferencePolicy copy = new InferencePolicy(spec, learner.weights());
            int rows = 20000;
            float[] obs = new float[rows];
            float[] actions = new float[rows];
            float[] logProbs = new float[rows];
            copy.act(obs, rows, new Rng(5), actions, logProbs);
            double ones = 0;
            for (float a : actions) {
                ones += a;
            }
            float[] p1 = learner.logProbs(new float[] {0f}, new float[] {1f}, 1);
            assertEquals(Math.exp(p1[0]), ones / rows, 0.015);
        }
    }
}
