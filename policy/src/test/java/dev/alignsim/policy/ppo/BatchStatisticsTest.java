package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchStatisticsTest {
    // Two padded rows of width 3: row 0 has 2 real tokens, row 1 has 3.
    private static final int[] LENGTHS = {2, 3};
    private static final int WIDTH = 3;

    @Test
    void shouldUseTheUnbiasedStdWhenWhitening() {
        // mean 2.5, unbiased std sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3) = sqrt(5/3) = 1.2909944
        // (1 - 2.5) / 1.2909944 = -1.1618950, (2 - 2.5) / 1.2909944 = -0.3872983
        float[] white = BatchStatistics.whiten(new float[] {1f, 2f, 3f, 4f});
        assertArrayEquals(new float[] {-1.1618950f, -0.3872983f, 0.3872983f, 1.1618950f}, white, 1e-6f);
    }

    @Test
    void shouldGiveZeroWhenWhiteningASingleValue() {
        // std of one value is taken as 0: (5 - 5) / (0 + 1e-8) = 0
        assertArrayEquals(new float[] {0f}, BatchStatistics.whiten(new float[] {5f}));
    }

    @Test
    void shouldLeaveItsInputUnchangedWhenWhitening() {
        float[] values = {1f, 2f, 3f};
        BatchStatistics.whiten(values);
        assertArrayEquals(new float[] {1f, 2f, 3f}, values);
    }

    @Test
    void shouldWhitenOverRealTokensOnlyWhenRowsArePadded() {
        // real tokens 1, 3 | 2, 4, 6: mean 16/5 = 3.2; squares 4.84 + 0.04 + 1.44 + 0.64 + 7.84 = 14.8;
        // std sqrt(14.8 / 4) = 1.9235384; e.g. (1 - 3.2) / 1.9235384 = -1.1437255, (6 - 3.2) / 1.9235384 = 1.4556507
        float[] white = BatchStatistics.whiten(new float[] {1f, 3f, 100f, 2f, 4f, 6f}, LENGTHS, WIDTH);
        assertArrayEquals(new float[] {-1.1437255f, -0.1039750f, 0f, -0.6238503f, 0.4159002f, 1.4556507f}, white, 1e-6f);
    }

    @Test
    void shouldKeepPaddingAtZeroWhenWhiteningPaddedRows() {
        float[] white = BatchStatistics.whiten(new float[] {1f, 3f, 100f, 2f, 4f, 6f}, LENGTHS, WIDTH);
        assertEquals(0f, white[2]);
    }

    @Test
    void shouldMatchTheFlatWhiteningBitForBitWhenNoRowIsPadded() {
        float[] values = {0.3f, -1.7f, 2.9f, 0.01f, 5.5f, -0.2f};
        assertArrayEquals(BatchStatistics.whiten(values), BatchStatistics.whiten(values, new int[] {3, 3}, 3));
    }

    @Test
    void shouldMatchHandComputedExplainedVarianceWhenValuesMissSomeReturns() {
        // returns 1, 2, 3, 4: Var = 1.25; returns - values = 0, 0, 1, -1: Var = 0.5; 1 - 0.5 / 1.25 = 0.6
        double ev = BatchStatistics.explainedVariance(new float[] {1f, 2f, 2f, 5f}, new float[] {1f, 2f, 3f, 4f});
        assertEquals(0.6, ev, 1e-12);
    }

    @Test
    void shouldBeOneWhenValuesEqualTheReturns() {
        assertEquals(1.0, BatchStatistics.explainedVariance(new float[] {1f, -2f, 3f}, new float[] {1f, -2f, 3f}));
    }

    @Test
    void shouldBeNaNWhenTheReturnsDoNotVary() {
        assertTrue(Double.isNaN(BatchStatistics.explainedVariance(new float[] {0f, 1f}, new float[] {2f, 2f})));
    }

    @Test
    void shouldIgnorePaddingWhenExplainingVarianceOfPaddedRows() {
        // the case above, laid out in two rows of two real tokens each; the padding (third column) holds noise.
        float[] values = {1f, 2f, 50f, 2f, 5f, -9f};
        float[] returns = {1f, 2f, -7f, 3f, 4f, 30f};
        assertEquals(0.6, BatchStatistics.explainedVariance(values, returns, new int[] {2, 2}, WIDTH), 1e-12);
    }

    @Test
    void shouldAgreeWithTheFlatFormWhenNoRowIsPadded() {
        float[] values = {0.3f, -1.7f, 2.9f, 0.01f, 5.5f, -0.2f};
        float[] returns = {1.1f, -0.4f, 2.0f, 0.7f, 3.9f, 0.5f};
        double flat = BatchStatistics.explainedVariance(values, returns);
        assertEquals(flat, BatchStatistics.explainedVariance(values, returns, new int[] {3, 3}, 3), 1e-6);
    }

    @Test
    void shouldBeNaNWhenTheRealTokensReturnsDoNotVary() {
        // the real returns are all 2; only the padding's 9 differs
        float[] returns = {2f, 2f, 9f, 2f, 2f, 2f};
        assertTrue(Double.isNaN(BatchStatistics.explainedVariance(new float[6], returns, LENGTHS, WIDTH)));
    }
}
