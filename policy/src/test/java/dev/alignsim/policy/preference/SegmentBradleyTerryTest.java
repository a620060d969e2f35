package dev.alignsim.policy.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Autograd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentBradleyTerryTest {
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

    /**
     * Pair 1: first segment rewards (1, 2) then padding worth 9 that the mask drops, sum 3; second (0.5, 0.5, 0.5), sum
     * 1.5; the first preferred: -log sigmoid(1.5) = log(1 + e^-1.5) = 0.2014132779827524. Pair 2: first (0, 0, 1), sum 1;
     * second (1, 1) then masked 7, sum 2; the first preferred: log(1 + e^1) = 1.3132616875182228. Mean 0.7573374827504876.
     */
    @Test
    void shouldAverageTheBradleyTerryLossOfSegmentSumsWhenSegmentsArePadded() {
        NDArray rewards = manager.create(new float[] {1, 2, 9, 0.5f, 0.5f, 0.5f, 0, 0, 1, 1, 1, 7}, new Shape(2, 2, 3));
        NDArray mask = manager.create(new float[] {1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 2, 3));

        double loss = SegmentBradleyTerry.loss(rewards, mask, new int[] {0, 0}).getFloat();

        assertEquals(0.7573374827504876, loss, 1e-6);
    }

    /** The same sums with the second segment preferred: -log sigmoid(-1.5) = 1.7014132779827524 and log(1 + e^-1). */
    @Test
    void shouldScoreTheSecondSegmentAsWinnerWhenItIsPreferred() {
        NDArray rewards = manager.create(new float[] {1, 2, 9, 0.5f, 0.5f, 0.5f, 0, 0, 1, 1, 1, 7}, new Shape(2, 2, 3));
        NDArray mask = manager.create(new float[] {1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 2, 3));

        double loss = SegmentBradleyTerry.loss(rewards, mask, new int[] {1, 1}).getFloat();

        assertEquals((1.7014132779827524 + 0.31326168751822286) / 2, loss, 1e-6);
    }

    @Test
    void shouldGiveOneHalfWhenSegmentSumsAreEqual() {
        assertEquals(0.5, SegmentBradleyTerry.probabilityFirst(2.0, 2.0), 0.0);
        assertEquals(1 / (1 + Math.exp(-1.0)), SegmentBradleyTerry.probabilityFirst(3.0, 2.0), 1e-15);
    }
}
