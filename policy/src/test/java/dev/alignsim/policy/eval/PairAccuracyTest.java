package dev.alignsim.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairAccuracyTest {
    private static PairAccuracy.Prompt prompt(double[] scores, int[] ranking, double[] gold) {
        return new PairAccuracy.Prompt(scores, ranking, gold);
    }

    @Test
    void shouldJudgeAllCKTwoRankingPairsWhenKIsFour() {
        // Ranking 3 > 0 > 1 > 2 with scores (0.4, 0.3, 0.2, 0.1): the three pairs with 3 as winner are wrong
        // (0.1 is the lowest score), (0,1), (0,2), (1,2) are right: 3 of 6.
        PairAccuracy.Result r = PairAccuracy.labelerPairAccuracy(List.of(
                prompt(new double[] {0.4, 0.3, 0.2, 0.1}, new int[] {3, 0, 1, 2}, new double[] {0, 0, 0, 0})));
        assertEquals(new PairAccuracy.Result(0.5, 3, 6), r);
    }

    @Test
    void shouldCountHalfWhenScoresTieOnARankingPair() {
        PairAccuracy.Result r = PairAccuracy.labelerPairAccuracy(List.of(
                prompt(new double[] {1, 1}, new int[] {0, 1}, new double[] {0, 0})));
        assertEquals(new PairAccuracy.Result(0.5, 0.5, 1), r);
    }

    @Test
    void shouldPoolPairsNotPromptsWhenSeveralPromptsAreGiven() {
        // Prompt A: 3 of 3 pairs right; prompt B: 0 of 1. Pooled 3/4, not the per-prompt mean 1/2.
        PairAccuracy.Result r = PairAccuracy.labelerPairAccuracy(List.of(
                prompt(new double[] {0.9, 0.1, 0.5}, new int[] {0, 2, 1}, new double[] {0, 0, 0}),
                prompt(new double[] {0.0, 1.0}, new int[] {0, 1}, new double[] {0, 0})));
        assertEquals(new PairAccuracy.Result(0.75, 3, 4), r);
    }

    @Test
    void shouldSkipPairsWithinThresholdWhenJudgingGoldPairs() {
        // Gold (1.0, 0.95, 0.0), threshold 0.1: (0,1) is a near-tie and skipped; gold says 0 > 2 (model: 0 < 0.5,
        // wrong) and 1 > 2 (model: 1 > 0.5, right). The labeler ranking plays no part.
        PairAccuracy.Result r = PairAccuracy.goldPairAccuracy(List.of(
                prompt(new double[] {0.0, 1.0, 0.5}, new int[] {2, 1, 0}, new double[] {1.0, 0.95, 0.0})), 0.1);
        assertEquals(new PairAccuracy.Result(0.5, 1, 2), r);
    }

    @Test
    void shouldCountHalfWhenScoresTieOnAGoldPair() {
        PairAccuracy.Result r = PairAccuracy.goldPairAccuracy(List.of(
                prompt(new double[] {0.3, 0.3}, new int[] {0, 1}, new double[] {0.0, 1.0})), 0.0);
        assertEquals(new PairAccuracy.Result(0.5, 0.5, 1), r);
    }

    @Test
    void shouldExcludeExactGoldTiesWhenThresholdIsZero() {
        // Gold (1, 1, 0): (0,1) is an exact tie; (0,2) and (1,2) remain and the model gets both right.
        PairAccuracy.Result r = PairAccuracy.goldPairAccuracy(List.of(
                prompt(new double[] {2, 1, 0}, new int[] {0, 1, 2}, new double[] {1, 1, 0})), 0.0);
        assertEquals(new PairAccuracy.Result(1.0, 2, 2), r);
    }

    @Test
    void shouldMeasureLabelerAgreementOnGoldPairsWhenThresholdIsGiven() {
        // Gold (1.0, 0.95, 0.0, 0.5), labelers rank 1 > 3 > 0 > 2, threshold 0.1. (0,1) is skipped (gap 0.05).
        // Gold 0 > 2: labelers agree. 0 > 3: labelers put 3 first, disagree. 1 > 2, 1 > 3, 3 > 2: agree. 4 of 5.
        PairAccuracy.Result r = PairAccuracy.labelerGoldAgreement(List.of(
                prompt(new double[] {0, 0, 0, 0}, new int[] {1, 3, 0, 2}, new double[] {1.0, 0.95, 0.0, 0.5})), 0.1);
        assertEquals(new PairAccuracy.Result(0.8, 4, 5), r);
    }

    @Test
    void shouldReturnNaNAccuracyWhenNoGoldGapExceedsThreshold() {
        PairAccuracy.Result r = PairAccuracy.goldPairAccuracy(List.of(
                prompt(new double[] {0, 1}, new int[] {0, 1}, new double[] {0.5, 0.6})), 0.2);
        assertTrue(Double.isNaN(r.accuracy()));
        assertEquals(0, r.pairs());
    }

    @Test
    void shouldRejectRankingWhenAnIndexRepeats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prompt(new double[] {0, 1, 2}, new int[] {0, 0, 1}, new double[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("[0, 0, 1]"), e.getMessage());
    }

    @Test
    void shouldRejectPromptWhenGoldLengthDiffersFromScores() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prompt(new double[] {0, 1}, new int[] {0, 1}, new double[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("3 gold"), e.getMessage());
    }

    @Test
    void shouldRejectScoreWhenNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prompt(new double[] {0, Double.NaN}, new int[] {0, 1}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("scores[1]"), e.getMessage());
    }

    @Test
    void shouldRejectThresholdWhenNegative() {
        List<PairAccuracy.Prompt> prompts = List.of(prompt(new double[] {0, 1}, new int[] {0, 1}, new double[] {0, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairAccuracy.goldPairAccuracy(prompts, -0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
    }
}
