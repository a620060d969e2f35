package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Autograd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two responses of width 3, ε = 0.2, β = 0.1. Response 0 has 3 real tokens and advantage 1, response 1 has 2 and
 * advantage -2; its padding holds log-probs whose unmasked {@code exp(ref - logp) = exp(90)} would overflow a float.
 *
 * <pre>
 *   ratio π/π_old:     1.5, 1.0, 0.9  |  0.5, 1.1
 *   log π_ref - log π: ln 2, 0, -ln 2 |  0,   ln 2
 *   k3 = e^d - d - 1:  1 - ln 2 = 0.3068528, 0, -0.5 + ln 2 = 0.1931472 | 0, 0.3068528
 * </pre>
 */
class GrpoLossTest {
    private static final double LN2 = Math.log(2);
    private static final int WIDTH = 3;
    private static final ValidTokens TOKENS = ValidTokens.of(new int[] {3, 2}, WIDTH);
    private static final double CLIP = 0.2;
    private static final double BETA = 0.1;
    private static final double[] OLD_LOG_PROBS = {-1, -2, -0.5, -1.5, -1, 30};
    private static final double[] LOG_PROBS = {-1 + Math.log(1.5), -2, -0.5 + Math.log(0.9), -1.5 + Math.log(0.5),
            -1 + Math.log(1.1), -50};
    private static final double[] REFERENCE_LOG_PROBS = {LOG_PROBS[0] + LN2, LOG_PROBS[1], LOG_PROBS[2] - LN2, LOG_PROBS[3],
            LOG_PROBS[4] + LN2, 40};
    private static final double[] ADVANTAGES = {1, -2};

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

    private NDArray tokens(double[] values, int rows, int width) {
        return manager.create(floats(values), new Shape(rows, width));
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private GrpoLoss.Objective onArrays() {
        return GrpoLoss.objective(tokens(LOG_PROBS, 2, WIDTH), tokens(OLD_LOG_PROBS, 2, WIDTH),
                tokens(REFERENCE_LOG_PROBS, 2, WIDTH), manager.create(floats(ADVANTAGES)), TOKENS, CLIP, BETA);
    }

    private GrpoLoss.Values plain() {
        return GrpoLoss.values(LOG_PROBS, OLD_LOG_PROBS, REFERENCE_LOG_PROBS, ADVANTAGES, TOKENS, CLIP, BETA);
    }

    @Test
    void shouldBeZeroWhenThePolicyIsTheReference() {
        assertEquals(0, GrpoLoss.k3(-1.3, -1.3), 0);
    }

    @Test
    void shouldMatchHandComputedK3WhenTheReferenceIsTwiceAsLikely() {
        // d = ln 2: e^d - d - 1 = 2 - 0.6931472 - 1 = 0.3068528
        assertEquals(1 - LN2, GrpoLoss.k3(Math.log(0.25), Math.log(0.5)), 1e-12);
    }

    @Test
    void shouldAverageToTheExactKlWhenWeightedByThePolicy() {
        // π = (0.5, 0.5), π_ref = (0.25, 0.75): KL(π || π_ref) = 0.5 ln 2 + 0.5 ln(2/3) = 0.5 ln(4/3) = 0.1438410;
        // E_π[k3] = 0.5 (0.5 - ln 0.5 - 1) + 0.5 (1.5 - ln 1.5 - 1) = 0.5 * 0.1931472 + 0.5 * 0.0945349 = 0.1438410
        double expectedK3 = 0.5 * GrpoLoss.k3(Math.log(0.5), Math.log(0.25)) + 0.5 * GrpoLoss.k3(Math.log(0.5), Math.log(0.75));
        assertEquals(0.5 * Math.log(4.0 / 3.0), expectedK3, 1e-12);
    }

    @Test
    void shouldMatchTheDoubleK3WhenComputedOnArrays() {
        NDArray k3 = GrpoLoss.k3(manager.create(new float[] {-1f, (float) Math.log(0.25)}),
                manager.create(new float[] {-1f, (float) Math.log(0.5)}));
        assertArrayEquals(new float[] {0f, (float) (1 - LN2)}, k3.toFloatArray(), 1e-6f);
    }

    @Test
    void shouldMatchTheHandComputedLossWhenOneResponseIsPadded() {
        // -min(r A, clip(r, 0.8, 1.2) A) + 0.1 k3 per real token:
        //   response 0, A  1: r 1.5: -min(1.5, 1.2) = -1.2 + 0.0306853;  r 1.0: -1 + 0;  r 0.9: -0.9 + 0.0193147
        //     mean over its 3 tokens: (-3.1 + 0.05) / 3 = -1.0166667
        //   response 1, A -2: r 0.5: -min(-1.0, -1.6) = 1.6 + 0;  r 1.1: -min(-2.2, -2.2) = 2.2 + 0.0306853
        //     mean over its 2 tokens: 3.8306853 / 2 = 1.9153426
        // loss = (-1.0166667 + 1.9153426) / 2 = 0.4493380
        assertEquals(0.4493380, plain().loss(), 1e-7);
    }

    @Test
    void shouldAverageK3PerResponseFirstWhenReportingTheKl() {
        // response 0: (0.3068528 + 0 + 0.1931472) / 3 = 0.1666667; response 1: (0 + 0.3068528) / 2 = 0.1534264;
        // mean 0.1600465
        assertEquals(0.1600465, plain().kl(), 1e-7);
    }

    @Test
    void shouldCountTokensOutsideTheClipRangeWhenReportingTheClipFraction() {
        // |r - 1| > 0.2: response 0 only r 1.5 (1/3), response 1 only r 0.5 (1/2): (1/3 + 1/2) / 2 = 5/12
        assertEquals(5.0 / 12.0, plain().clipFraction(), 1e-12);
    }

    @Test
    void shouldMatchThePlainReferenceWhenComputedOnArrays() {
        GrpoLoss.Values expected = plain();
        GrpoLoss.Objective actual = onArrays();
        assertEquals(expected.loss(), actual.loss().getFloat(), 1e-5);
        assertEquals(expected.kl(), actual.kl().getFloat(), 1e-5);
        assertEquals(expected.clipFraction(), actual.clipFraction().getFloat(), 1e-6);
    }

    @Test
    void shouldZeroThePaddingWhenItsLogProbsWouldOverflow() {
        // per-token loss, response 0: -1.1693147, -1, -0.8806853; response 1: 1.6, 2.2306853, and 0 at the padding
        NDArray perToken = GrpoLoss.perTokenLoss(tokens(LOG_PROBS, 2, WIDTH), tokens(OLD_LOG_PROBS, 2, WIDTH),
                tokens(REFERENCE_LOG_PROBS, 2, WIDTH), manager.create(floats(ADVANTAGES)), TOKENS, CLIP, BETA);
        assertArrayEquals(new float[] {-1.1693147f, -1f, -0.8806853f, 1.6f, 2.2306853f, 0f}, perToken.toFloatArray(), 1e-5f);
    }

    @Test
    void shouldPassGradientOnlyThroughUnclippedTermsWhenBackPropagated() {
        // One response of width 3 with 2 real tokens, A = 1, so each real token's loss is halved:
        //   token 0: r = 1, d = ln 2: d/d log π of -r A is -r A = -1; of 0.1 k3 it is 0.1 (1 - e^d) = -0.1; (-1.1) / 2 = -0.55
        //   token 1: r = 1.5 is clipped, so -1.2 A carries no gradient; d = 0, so k3's gradient 1 - e^0 = 0: 0
        //   token 2: padding: 0
        ValidTokens one = ValidTokens.of(new int[] {2}, 3);
        NDArray logProbs = manager.create(new float[] {-1f, -1f, -3f}, new Shape(1, 3));
        logProbs.setRequiresGradient(true);
        NDArray old = manager.create(new float[] {-1f, (float) (-1 - Math.log(1.5)), -3f}, new Shape(1, 3));
        NDArray reference = manager.create(new float[] {(float) (-1 + LN2), -1f, -3f}, new Shape(1, 3));
        Autograd.recordOnThisThread();
        Autograd.backward(GrpoLoss.objective(logProbs, old, reference, manager.create(new float[] {1f}), one, CLIP, BETA).loss());
        Autograd.stopRecordingOnThisThread();
        assertArrayEquals(new float[] {-0.55f, 0f, 0f}, logProbs.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void shouldRejectAdvantagesWhenTheyAreNotOnePerRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoLoss.values(LOG_PROBS, OLD_LOG_PROBS, REFERENCE_LOG_PROBS, new double[] {1, -2, 0}, TOKENS, CLIP, BETA));
        assertTrue(e.getMessage().contains("advantages holds 3 values; expected 2 (one per row)"), e.getMessage());
    }

    @Test
    void shouldRejectLogProbsWhenARealTokenIsNaN() {
        double[] logProbs = LOG_PROBS.clone();
        logProbs[4] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoLoss.values(logProbs, OLD_LOG_PROBS, REFERENCE_LOG_PROBS, ADVANTAGES, TOKENS, CLIP, BETA));
        assertTrue(e.getMessage().contains("logProbs[4] (row 1, token 1) is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectArraysWhenTheirShapeIsNotRowsByWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoLoss.objective(tokens(LOG_PROBS, 3, 2), tokens(OLD_LOG_PROBS, 2, WIDTH), tokens(REFERENCE_LOG_PROBS, 2, WIDTH),
                        manager.create(floats(ADVANTAGES)), TOKENS, CLIP, BETA));
        assertTrue(e.getMessage().contains("logProbs has shape (3, 2); expected (2, 3)"), e.getMessage());
    }

    @Test
    void shouldRejectArraysWhenOneHoldsInfinity() {
        double[] old = OLD_LOG_PROBS.clone();
        old[0] = Double.NEGATIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoLoss.objective(tokens(LOG_PROBS, 2, WIDTH), tokens(old, 2, WIDTH), tokens(REFERENCE_LOG_PROBS, 2, WIDTH),
                        manager.create(floats(ADVANTAGES)), TOKENS, CLIP, BETA));
        assertTrue(e.getMessage().contains("oldLogProbs holds NaN or infinity"), e.getMessage());
    }

    @Test
    void shouldRejectBetaWhenItIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpoLoss.values(LOG_PROBS, OLD_LOG_PROBS, REFERENCE_LOG_PROBS, ADVANTAGES, TOKENS, CLIP, -0.1));
        assertTrue(e.getMessage().contains("beta must be finite and >= 0"), e.getMessage());
    }
}
