package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.policy.nn.Autograd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PpoLossTest {
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

    private float[] surrogateGradient(float[] ratios, float[] advantages) {
        NDArray ratio = manager.create(ratios);
        ratio.setRequiresGradient(true);
        Autograd.recordOnThisThread();
        NDArray loss = PpoLoss.clippedSurrogate(ratio, manager.create(advantages), 0.2);
        Autograd.backward(loss);
        Autograd.stopRecordingOnThisThread();
        return ratio.getGradient().toFloatArray();
    }

    @Test
    void shouldHaveZeroGradientWhenRatioLeftClipRangeInAdvantagesFavour() {
        // ratio 1.5 with A > 0 and ratio 0.5 with A < 0 are clipped: no gradient.
        assertArrayEquals(new float[] {0f, 0f}, surrogateGradient(new float[] {1.5f, 0.5f}, new float[] {1f, -1f}));
    }

    @Test
    void shouldHaveMinusAdvantageOverNGradientWhenRatioInsideClipRange() {
        // d/dr mean(-A r) = -A / n, n = 2.
        assertArrayEquals(new float[] {-1.5f, 0.5f}, surrogateGradient(new float[] {1.0f, 1.1f}, new float[] {3f, -1f}), 1e-6f);
    }

    @Test
    void shouldKeepGradientWhenRatioOutsideRangeAgainstAdvantage() {
        // ratio 1.5 with A < 0: the unclipped term -A*r = 1.5 beats the clipped 1.2, so its gradient 0.5 (= -A/n, n=2) stays.
        assertArrayEquals(new float[] {0.5f, 0f}, surrogateGradient(new float[] {1.5f, 1.5f}, new float[] {-1f, 1f}), 1e-6f);
    }

    @Test
    void shouldEqualHandComputedSurrogateValue() {
        // terms: max(-2*1.5, -2*1.2) = -2.4; max(1*0.5, 1*0.8) = 0.8; mean = -0.8
        NDArray loss = PpoLoss.clippedSurrogate(manager.create(new float[] {1.5f, 0.5f}), manager.create(new float[] {2f, -1f}), 0.2);
        assertEquals(-0.8f, loss.getFloat(), 1e-6f);
    }

    @Test
    void shouldTakeLargerOfClippedAndUnclippedValueLoss() {
        // V = 2, V_old = 0, R = 1, c = 0.2: unclipped (2-1)^2 = 1, clipped (0.2-1)^2 = 0.64; 0.5 * 1 = 0.5
        // V = 0.1, V_old = 0, R = 1: unclipped 0.81, clipped (0.1-1)^2 = 0.81; 0.5 * 0.81 = 0.405; mean = 0.4525
        NDArray loss = PpoLoss.valueLoss(manager.create(new float[] {2f, 0.1f}), manager.create(new float[] {0f, 0f}),
                manager.create(new float[] {1f, 1f}), 0.2, true);
        assertEquals(0.4525f, loss.getFloat(), 1e-6f);
    }

    @Test
    void shouldEstimateZeroKlWhenRatioIsOne() {
        NDArray ratio = manager.create(new float[] {1f, 1f});
        assertEquals(0f, PpoLoss.approxKl(ratio, ratio.log()).getFloat());
    }
}
