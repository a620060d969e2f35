package dev.alignsim.policy.rlhf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class TokenAdvantagesTest {
    // Two responses, width 3: row 0 has 2 real tokens, row 1 has 3.
    private static final int[] LENGTHS = {2, 3};
    private static final int WIDTH = 3;

    @Test
    void shouldPenaliseKlPerTokenAndAddTheScoreAtTheLastTokenWhenComputingRewards() {
        float[] logProbs = {-1.0f, -2.0f, 0f, -0.5f, -0.5f, -0.5f};
        float[] reference = {-1.5f, -1.0f, 0f, -0.5f, -1.0f, -0.25f};
        double[] scores = {2.0, -1.0};
        float[] rewards = TokenAdvantages.rewards(logProbs, reference, scores, LENGTHS, WIDTH, 0.1);
        // row 0: -0.1*(0.5), -0.1*(-1.0) + 2.0; padding 0. row 1: 0, -0.1*0.5, -0.1*(-0.25) - 1.0
        assertArrayEquals(new float[] {-0.05f, 2.1f, 0f, 0f, -0.05f, -0.975f}, rewards, 1e-6f);
    }

    @Test
    void shouldSumLogRatiosOverRealTokensWhenEstimatingSequenceKl() {
        float[] logProbs = {-1.0f, -2.0f, -9f, -0.5f, -0.5f, -0.5f};
        float[] reference = {-1.5f, -1.0f, 0f, -0.5f, -1.0f, -0.25f};
        assertArrayEquals(new double[] {-0.5, 0.25}, TokenAdvantages.sequenceKl(logProbs, reference, LENGTHS, WIDTH), 1e-6);
    }

    @Test
    void shouldMatchHandComputedGaeWhenGammaIsOneAndLambdaIsHalf() {
        float[] rewards = {0f, 1f, 0f, 0.5f, 0f, 2f};
        float[] values = {0.5f, 0.2f, 9f, 1f, 1f, 1f};
        TokenAdvantages.Estimates e = TokenAdvantages.gae(rewards, values, LENGTHS, WIDTH, 1.0, 0.5);
        // row 0: t1: delta = 1 + 0 - 0.2 = 0.8, A = 0.8; t0: delta = 0 + 0.2 - 0.5 = -0.3, A = -0.3 + 0.5*0.8 = 0.1
        // row 1: t2: delta = 2 - 1 = 1, A = 1; t1: delta = 0 + 1 - 1 = 0, A = 0.5; t0: delta = 0.5 + 1 - 1 = 0.5, A = 0.75
        assertArrayEquals(new float[] {0.1f, 0.8f, 0f, 0.75f, 0.5f, 1f}, e.advantages(), 1e-6f);
        assertArrayEquals(new float[] {0.6f, 1.0f, 0f, 1.75f, 1.5f, 2f}, e.returns(), 1e-6f);
    }

    @Test
    void shouldSetOnlyPaddingToZeroWhenZeroingPadding() {
        float[] values = {0.5f, -1f, 7f, 2f, 3f, 4f};
        assertArrayEquals(new float[] {0.5f, -1f, 0f, 2f, 3f, 4f}, TokenAdvantages.zeroPadding(values, LENGTHS, WIDTH));
    }

    @Test
    void shouldGiveEachRealTokenItsResponsesAdvantageWhenSpreadingPerToken() {
        // LENGTHS = {2, 3}, WIDTH 3: row 0's third position is padding.
        assertArrayEquals(new float[] {1.5f, 1.5f, 0f, -0.25f, -0.25f, -0.25f}, TokenAdvantages.perToken(new double[] {1.5, -0.25}, LENGTHS, WIDTH));
    }
}
