package dev.alignsim.policy.tamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import org.junit.jupiter.api.Test;

class TamerLearnerTest {

    /**
     * Estimates ((1, 5), (-2, 0), (3, 3)), actions taken 1, 0, 0, targets 4, -1, 0, weights 1, 0.5, 0.5:
     * errors 5 - 4 = 1, -2 + 1 = -1, 3 - 0 = 3; weighted squares 1 + 0.5 + 4.5 = 6 over weight 2: 3.
     */
    @Test
    void shouldWeighTheSquaredErrorOfTheTakenActionWhenComputingTheLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            double loss = TamerLearner.loss(m.create(new float[] {1, 5, -2, 0, 3, 3}, new Shape(3, 2)),
                    m.create(new long[] {1, 0, 0}).toType(DataType.INT64, false), m.create(new float[] {4, -1, 0}),
                    m.create(new float[] {1, 0.5f, 0.5f})).getFloat();

            assertEquals(3.0, loss, 1e-6);
        }
    }

    /** The person rewards pushing toward the side the pole leans to (+1) and punishes the other push (-1). */
    @Test
    void shouldActGreedilyOnTheJudgedBetterActionWhenTrained() {
        Rng rng = new Rng(9);
        int rows = 512;
        float[] obs = new float[rows * 4];
        int[] taken = new int[rows];
        double[] target = new double[rows];
        double[] weight = new double[rows];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < 4; j++) {
                obs[k * 4 + j] = (float) rng.uniform(-1, 1);
            }
            taken[k] = rng.nextInt(2);
            int right = obs[k * 4 + 2] > 0 ? 1 : 0;
            target[k] = taken[k] == right ? 1 : -1;
            weight[k] = 1;
        }
        try (TamerLearner learner = new TamerLearner(4, 2, new int[] {32}, Device.cpu(), 3)) {
            learner.update(obs, taken, target, weight, 60, 64, 3e-3);
            int[] greedy = learner.greedy(obs, rows);
            int agree = 0;
            for (int k = 0; k < rows; k++) {
                agree += greedy[k] == (obs[k * 4 + 2] > 0 ? 1 : 0) ? 1 : 0;
            }
            assertTrue(agree > 0.9 * rows, agree + " of " + rows);
        }
    }
}
