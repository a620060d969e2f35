package dev.alignsim.policy.rm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Autograd;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BradleyTerryLossTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        Autograd.stopRecordingOnThisThread();
        manager.close();
    }

    private static double softplusOfMinus(double x) {
        return Math.log1p(Math.exp(-x));
    }

    @Test
    void shouldYieldAllPairsWhenRankingHasKResponses() {
        List<BradleyTerryLoss.Pair> pairs = BradleyTerryLoss.pairs(new int[] {2, 0, 3, 1});
        assertEquals(6, pairs.size());
        assertEquals(List.of(new BradleyTerryLoss.Pair(2, 0), new BradleyTerryLoss.Pair(2, 3), new BradleyTerryLoss.Pair(2, 1),
                new BradleyTerryLoss.Pair(0, 3), new BradleyTerryLoss.Pair(0, 1), new BradleyTerryLoss.Pair(3, 1)), pairs);
    }

    @Test
    void shouldRejectRankingWhenAnIndexRepeats() {
        assertThrows(IllegalArgumentException.class, () -> BradleyTerryLoss.pairs(new int[] {0, 0, 1}));
    }

    @Test
    void shouldEqualPairwiseLossWhenKIsTwo() {
        // Two prompts, K = 2. Prompt 0 ranks response 0 first: -log sigmoid(2 - 0). Prompt 1 ranks response 1
        // first: -log sigmoid(1.5 - 0.5). The loss is their mean, as a pairwise Bradley-Terry loss would be.
        NDArray scores = manager.create(new float[] {2f, 0f, 0.5f, 1.5f}, new Shape(2, 2));
        float loss = BradleyTerryLoss.loss(scores, new int[][] {{0, 1}, {1, 0}}, 0f).getFloat();
        assertEquals((softplusOfMinus(2) + softplusOfMinus(1)) / 2, loss, 1e-6);
    }

    @Test
    void shouldAveragePairsWithinPromptThenOverPromptsWhenKIsThree() {
        // Prompt 0 scores (3, 1, 0), ranking 0 > 1 > 2: pairs gaps 2, 3, 1. Prompt 1 scores (0, 0, 0): gaps 0, 0, 0.
        NDArray scores = manager.create(new float[] {3f, 1f, 0f, 0f, 0f, 0f}, new Shape(2, 3));
        float loss = BradleyTerryLoss.loss(scores, new int[][] {{0, 1, 2}, {2, 1, 0}}, 0f).getFloat();
        double first = (softplusOfMinus(2) + softplusOfMinus(3) + softplusOfMinus(1)) / 3;
        double second = softplusOfMinus(0);
        assertEquals((first + second) / 2, loss, 1e-6);
    }

    @Test
    void shouldRaiseLossWhenMarginIsRequired() {
        NDArray scores = manager.create(new float[] {2f, 0f}, new Shape(1, 2));
        float loss = BradleyTerryLoss.loss(scores, new int[][] {{0, 1}}, 1f).getFloat();
        assertEquals(softplusOfMinus(1), loss, 1e-6);
    }

    @Test
    void shouldPushWinnerUpAndLoserDownWhenBackPropagated() {
        NDArray scores = manager.create(new float[] {0f, 0f}, new Shape(1, 2));
        scores.setRequiresGradient(true);
        Autograd.recordOnThisThread();
        Autograd.backward(BradleyTerryLoss.loss(scores, new int[][] {{1, 0}}, 0f));
        Autograd.stopRecordingOnThisThread();
        float[] gradient = scores.getGradient().toFloatArray();
        // d/ds1 softplus(-(s1 - s0)) = -sigmoid(-(s1 - s0)) = -0.5 at equal scores; d/ds0 = +0.5
        assertArrayEquals(new float[] {0.5f, -0.5f}, gradient, 1e-6f);
        assertTrue(gradient[1] < 0);
    }
}
