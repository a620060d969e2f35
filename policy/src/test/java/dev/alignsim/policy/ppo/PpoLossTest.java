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
    private static final double CLIP = 0.2;
    private static final Mean ALL = Mean.overAllElements();

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

    private NDArray array(float... values) {
        return manager.create(values);
    }

    /** d mean(clippedSurrogate) / d ratio. */
    private float[] surrogateGradient(float[] ratios, float[] advantages) {
        NDArray ratio = array(ratios);
        ratio.setRequiresGradient(true);
        Autograd.recordOnThisThread();
        Autograd.backward(ALL.of(PpoLoss.clippedSurrogate(ratio, array(advantages), CLIP)));
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
    void shouldGiveHandComputedSurrogatePerElementWhenNotReduced() {
        // max(-2*1.5, -2*1.2) = -2.4; max(1*0.5, 1*0.8) = 0.8
        NDArray terms = PpoLoss.clippedSurrogate(array(1.5f, 0.5f), array(2f, -1f), CLIP);
        assertArrayEquals(new float[] {-2.4f, 0.8f}, terms.toFloatArray(), 1e-6f);
    }

    @Test
    void shouldTakeLargerOfClippedAndUnclippedValueTermWhenClipVlossIsOn() {
        // V = 2, V_old = 0, R = 1: unclipped (2-1)^2 = 1, clipped (0.2-1)^2 = 0.64 -> 1
        // V = 0.5, V_old = 1, R = 0.5: unclipped 0, clipped (1 - 0.2 - 0.5)^2 = 0.09 -> 0.09
        NDArray terms = PpoLoss.valueLossTerms(array(2f, 0.5f), array(0f, 1f), array(1f, 0.5f), CLIP, true);
        assertArrayEquals(new float[] {1f, 0.09f}, terms.toFloatArray(), 1e-6f);
    }

    @Test
    void shouldGiveSquaredErrorPerElementWhenClipVlossIsOff() {
        // (2-1)^2 = 1; (0.5-0.5)^2 = 0: the clipped 0.09 of the case above takes no part.
        NDArray terms = PpoLoss.valueLossTerms(array(2f, 0.5f), array(0f, 1f), array(1f, 0.5f), CLIP, false);
        assertArrayEquals(new float[] {1f, 0f}, terms.toFloatArray(), 1e-6f);
    }

    @Test
    void shouldGiveK3PerElementWhenEstimatingApproxKl() {
        // (r - 1) - ln r: r = 2 -> 1 - 0.6931472 = 0.3068528; r = 0.5 -> -0.5 + 0.6931472 = 0.1931472
        NDArray ratio = array(2f, 0.5f);
        assertArrayEquals(new float[] {0.3068528f, 0.1931472f}, PpoLoss.approxKl(ratio, ratio.log()).toFloatArray(), 1e-6f);
    }

    @Test
    void shouldEstimateZeroKlWhenRatioIsOne() {
        NDArray ratio = array(1f, 1f);
        assertArrayEquals(new float[] {0f, 0f}, PpoLoss.approxKl(ratio, ratio.log()).toFloatArray());
    }

    @Test
    void shouldMarkOnlyRatiosOutsideTheClipRangeWhenCountingClipped() {
        // |r - 1| > 0.2: 1.5 yes, 1.1 no, 0.7 yes, 0.85 no
        assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, PpoLoss.ratioClipped(array(1.5f, 1.1f, 0.7f, 0.85f), CLIP).toFloatArray());
    }

    @Test
    void shouldMarkOnlyValuesMovedPastTheClipWhenCountingClippedValues() {
        // |V - V_old| > 0.2: 2 - 0 yes, 0.1 - 0 no, -0.5 - 0 yes
        NDArray marks = PpoLoss.valueClipped(array(2f, 0.1f, -0.5f), array(0f, 0f, 0f), CLIP);
        assertArrayEquals(new float[] {1f, 0f, 1f}, marks.toFloatArray());
    }

    @Test
    void shouldHalveTheMeanOfTheTermsWhenReducingTheValueLoss() {
        // terms 1 (V = 2) and 0.81 (V = 0.1: unclipped 0.81, clipped (0.1-1)^2 = 0.81); 0.5 * mean = 0.5 * 0.905 = 0.4525
        PpoLoss.Value value = PpoLoss.value(array(2f, 0.1f), array(0f, 0f), array(1f, 1f), ALL, CLIP, true);
        assertEquals(0.4525f, value.loss().getFloat(), 1e-6f);
    }

    @Test
    void shouldSubtractEntCoefTimesMeanEntropyWhenAssemblingThePolicyLoss() {
        // log-ratio 0: ratio 1, terms -A = {-2, 1}, pgLoss = -0.5; mean entropy 1.5; loss = -0.5 - 0.1 * 1.5 = -0.65
        PpoLoss.Policy policy = PpoLoss.policy(array(0f, 0f), array(2f, -1f), array(1f, 2f), ALL, CLIP, 0.1);
        assertEquals(-0.65f, policy.loss().getFloat(), 1e-6f);
    }

    @Test
    void shouldReportMinusMeanLogRatioWhenEstimatingOldApproxKl() {
        // -(ln 2 + ln 0.25) / 2 = -(0.6931472 - 1.3862944) / 2 = 0.3465736
        NDArray logRatio = array((float) Math.log(2), (float) Math.log(0.25));
        PpoLoss.Policy policy = PpoLoss.policy(logRatio, array(1f, 1f), array(0f, 0f), ALL, CLIP, 0.0);
        assertEquals(0.3465736f, policy.oldApproxKl().getFloat(), 1e-6f);
    }
}
