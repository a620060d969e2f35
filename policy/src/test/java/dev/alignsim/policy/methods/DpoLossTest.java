package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.policy.nn.Autograd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two pairs, β = 0.5 (IPO's τ = 0.5, so its target 1/(2τ) = 1):
 *
 * <pre>
 *   pair 0: log π(y_w) -2, log π(y_l) -5, log π_ref(y_w) -3, log π_ref(y_l) -4: log-ratios  1 and -1, h =  2
 *   pair 1: log π(y_w) -4, log π(y_l) -3, log π_ref(y_w) -3, log π_ref(y_l) -3: log-ratios -1 and  0, h = -1
 * </pre>
 */
class DpoLossTest {
    private static final double BETA = 0.5;
    private static final double[] POLICY_CHOSEN = {-2, -4};
    private static final double[] POLICY_REJECTED = {-5, -3};
    private static final double[] REFERENCE_CHOSEN = {-3, -3};
    private static final double[] REFERENCE_REJECTED = {-4, -3};

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

    private NDArray array(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return manager.create(f);
    }

    private DpoLoss.Values plain(DpoLoss.Type type) {
        return DpoLoss.values(POLICY_CHOSEN, POLICY_REJECTED, REFERENCE_CHOSEN, REFERENCE_REJECTED, BETA, type);
    }

    private DpoLoss.Objective onArrays(NDArray policyChosen, NDArray policyRejected, DpoLoss.Type type) {
        return DpoLoss.objective(policyChosen, policyRejected, array(REFERENCE_CHOSEN), array(REFERENCE_REJECTED), BETA, type);
    }

    @Test
    void shouldMatchHandComputedDpoLossWhenBetaIsHalf() {
        // -log σ(β h) = log(1 + exp(-β h)): pair 0, β h = 1: log(1 + e^-1) = 0.3132617; pair 1, β h = -0.5:
        // log(1 + e^0.5) = 0.9740770; mean (0.3132617 + 0.9740770) / 2 = 0.6436693
        assertEquals(0.6436693, plain(DpoLoss.Type.SIGMOID).loss(), 1e-7);
    }

    @Test
    void shouldMatchHandComputedIpoLossWhenTauIsHalf() {
        // (h - 1/(2τ))² = (h - 1)²: pair 0 (2 - 1)² = 1, pair 1 (-1 - 1)² = 4; mean 2.5
        assertEquals(2.5, plain(DpoLoss.Type.IPO).loss(), 1e-12);
    }

    @Test
    void shouldReportImplicitRewardsWhenPairsAreScored() {
        // β (log π - log π_ref): chosen 0.5 * 1 = 0.5 and 0.5 * -1 = -0.5; rejected 0.5 * -1 = -0.5 and 0.5 * 0 = 0
        DpoLoss.Values values = plain(DpoLoss.Type.SIGMOID);
        assertArrayEquals(new double[] {0.5, -0.5}, values.chosenRewards(), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0}, values.rejectedRewards(), 1e-12);
    }

    @Test
    void shouldReportMeanMarginAndAccuracyWhenOnePairIsWrong() {
        // margins 0.5 - (-0.5) = 1 and -0.5 - 0 = -0.5: mean 0.25; only pair 0's chosen reward is larger: 1/2
        DpoLoss.Values values = plain(DpoLoss.Type.SIGMOID);
        assertEquals(0.25, values.margin(), 1e-12);
        assertEquals(0.5, values.accuracy(), 1e-12);
    }

    @Test
    void shouldReportTheSameStatisticsWhenTheLossIsIpo() {
        // the implicit rewards do not depend on the loss: margin 0.25, accuracy 0.5 as for DPO
        DpoLoss.Values values = plain(DpoLoss.Type.IPO);
        assertEquals(0.25, values.margin(), 1e-12);
        assertEquals(0.5, values.accuracy(), 1e-12);
    }

    @Test
    void shouldCountATieAsWrongWhenMeasuringAccuracy() {
        // h = 0: chosen and rejected implicit rewards are equal, not strictly larger: accuracy 0; loss log 2
        DpoLoss.Values values = DpoLoss.values(new double[] {-1}, new double[] {-1}, new double[] {-1}, new double[] {-1}, 0.1,
                DpoLoss.Type.SIGMOID);
        assertEquals(0, values.accuracy(), 0);
        assertEquals(Math.log(2), values.loss(), 1e-12);
    }

    @Test
    void shouldMatchThePlainReferenceWhenTheSigmoidLossIsComputedOnArrays() {
        DpoLoss.Values expected = plain(DpoLoss.Type.SIGMOID);
        DpoLoss.Objective actual = onArrays(array(POLICY_CHOSEN), array(POLICY_REJECTED), DpoLoss.Type.SIGMOID);
        assertEquals(expected.loss(), actual.loss().getFloat(), 1e-6);
        assertArrayEquals(new float[] {0.5f, -0.5f}, actual.chosenRewards().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.5f, 0f}, actual.rejectedRewards().toFloatArray(), 1e-6f);
        assertEquals(expected.margin(), actual.margin().getFloat(), 1e-6);
        assertEquals(expected.accuracy(), actual.accuracy().getFloat(), 1e-6);
    }

    @Test
    void shouldMatchThePlainReferenceWhenTheIpoLossIsComputedOnArrays() {
        assertEquals(plain(DpoLoss.Type.IPO).loss(),
                onArrays(array(POLICY_CHOSEN), array(POLICY_REJECTED), DpoLoss.Type.IPO).loss().getFloat(), 1e-6);
    }

    @Test
    void shouldMatchHandComputedGradientWhenTheSigmoidLossIsBackPropagated() {
        // d/d log π(y_w) of mean_i -log σ(β h_i) = -β σ(-β h_i) / B, and the opposite for log π(y_l):
        //   pair 0: -0.5 σ(-1) / 2 = -0.5 * 0.2689414 / 2 = -0.0672354
        //   pair 1: -0.5 σ(0.5) / 2 = -0.5 * 0.6224593 / 2 = -0.1556148
        NDArray chosen = array(POLICY_CHOSEN);
        NDArray rejected = array(POLICY_REJECTED);
        chosen.setRequiresGradient(true);
        rejected.setRequiresGradient(true);
        Autograd.recordOnThisThread();
        Autograd.backward(onArrays(chosen, rejected, DpoLoss.Type.SIGMOID).loss());
        Autograd.stopRecordingOnThisThread();
        assertArrayEquals(new float[] {-0.0672354f, -0.1556148f}, chosen.getGradient().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.0672354f, 0.1556148f}, rejected.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void shouldMatchHandComputedGradientWhenTheIpoLossIsBackPropagated() {
        // d/d log π(y_w) of mean_i (h_i - 1)² = 2 (h_i - 1) / B: pair 0 2 * 1 / 2 = 1, pair 1 2 * -2 / 2 = -2
        NDArray chosen = array(POLICY_CHOSEN);
        chosen.setRequiresGradient(true);
        Autograd.recordOnThisThread();
        Autograd.backward(onArrays(chosen, array(POLICY_REJECTED), DpoLoss.Type.IPO).loss());
        Autograd.stopRecordingOnThisThread();
        assertArrayEquals(new float[] {1f, -2f}, chosen.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void shouldStayFiniteWhenTheLogRatioDifferenceIsLarge() {
        // β h = ±200: exp(200) overflows a float, but log(1 + e^-200) ≈ 0 and log(1 + e^200) ≈ 200; mean 100
        NDArray loss = DpoLoss.objective(manager.create(new float[] {0f, -400f}), manager.create(new float[] {-400f, 0f}),
                manager.create(new float[] {0f, 0f}), manager.create(new float[] {0f, 0f}), 0.5, DpoLoss.Type.SIGMOID).loss();
        assertEquals(100f, loss.getFloat(), 1e-4f);
    }

    @Test
    void shouldRejectBetaWhenItIsNotPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpoLoss.values(POLICY_CHOSEN,
                POLICY_REJECTED, REFERENCE_CHOSEN, REFERENCE_REJECTED, 0, DpoLoss.Type.SIGMOID));
        assertTrue(e.getMessage().contains("beta must be positive"), e.getMessage());
    }

    @Test
    void shouldRejectLogProbsWhenTheirLengthsDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpoLoss.values(POLICY_CHOSEN,
                POLICY_REJECTED, new double[] {-3}, REFERENCE_REJECTED, BETA, DpoLoss.Type.SIGMOID));
        assertTrue(e.getMessage().contains("referenceChosen holds 1 values; expected 2"), e.getMessage());
    }

    @Test
    void shouldRejectLogProbsWhenOneIsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpoLoss.values(POLICY_CHOSEN,
                new double[] {-5, Double.NaN}, REFERENCE_CHOSEN, REFERENCE_REJECTED, BETA, DpoLoss.Type.SIGMOID));
        assertTrue(e.getMessage().contains("policyRejected[1] is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectArraysWhenTheirShapesDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpoLoss.objective(array(POLICY_CHOSEN), array(new double[] {-5, -3, -1}), array(REFERENCE_CHOSEN),
                        array(REFERENCE_REJECTED), BETA, DpoLoss.Type.SIGMOID));
        assertTrue(e.getMessage().contains("policyRejected has shape (3)"), e.getMessage());
    }

    @Test
    void shouldRejectArraysWhenOneHoldsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> onArrays(array(POLICY_CHOSEN), manager.create(new float[] {-5f, Float.NaN}), DpoLoss.Type.SIGMOID));
        assertTrue(e.getMessage().contains("policyRejected holds NaN"), e.getMessage());
    }

    @Test
    void shouldParseTheLossTypeWhenNamedInAnyCase() {
        assertEquals(DpoLoss.Type.IPO, DpoLoss.Type.of("IPO"));
        assertEquals(DpoLoss.Type.SIGMOID, DpoLoss.Type.of("sigmoid"));
    }

    @Test
    void shouldNameTheValidLossTypesWhenTheNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpoLoss.Type.of("hinge"));
        assertTrue(e.getMessage().contains("'hinge'; expected one of sigmoid, ipo"), e.getMessage());
    }
}
