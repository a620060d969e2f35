package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BestOfNTest {

    @Test
    void shouldBeZeroKlWhenNIsOne() {
        // log 1 - 0 / 1 = 0: one sample is the policy itself
        assertEquals(0, BestOfN.kl(1), 0);
    }

    @Test
    void shouldMatchTheAnalyticKlWhenNIsFour() {
        // log 4 - 3/4 = 1.3862944 - 0.75 = 0.6362944
        assertEquals(0.6362944, BestOfN.kl(4), 1e-7);
    }

    @Test
    void shouldRejectNWhenItIsZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestOfN.kl(0));
        assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
    }

    @Test
    void shouldChooseTheHighestRewardWhenCandidatesDiffer() {
        assertEquals(2, BestOfN.best(new double[] {0.1, -3, 2.5, 1}));
    }

    @Test
    void shouldChooseTheFirstWhenTheBestRewardIsTied() {
        // 3 at indices 1 and 2: the first, 1
        assertEquals(1, BestOfN.best(new double[] {1, 3, 3, 2}));
    }

    @Test
    void shouldChooseWithinEachPromptWhenRewardsArePromptMajor() {
        // n = 2: prompt 0 (0, 5) -> 1; prompt 1 (7, 7) tied -> 2; prompt 2 (-1, -2) -> 4
        assertArrayEquals(new int[] {1, 2, 4}, BestOfN.bestPerPrompt(new double[] {0, 5, 7, 7, -1, -2}, 2));
    }

    @Test
    void shouldRejectRewardsWhenTheyAreEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestOfN.best(new double[0]));
        assertTrue(e.getMessage().contains("rewards must hold at least one value"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenOneIsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestOfN.best(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("rewards[1] is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenTheyDoNotSplitIntoPrompts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BestOfN.bestPerPrompt(new double[] {1, 2, 3}, 2));
        assertTrue(e.getMessage().contains("expected a multiple of n = 2"), e.getMessage());
    }

    @Test
    void shouldTakeEveryFirstCandidateWhenBestStartsAtMinusInfinity() {
        double[] best = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};

        assertArrayEquals(new boolean[] {true, true}, BestOfN.keepBest(best, new double[] {-5, 2}));
        assertArrayEquals(new double[] {-5, 2}, best, 0);
    }

    @Test
    void shouldKeepTheEarlierCandidateWhenALaterOneTies() {
        double[] best = {3, 1};

        // prompt 0: 3 ties 3, the earlier stays; prompt 1: 4 beats 1
        assertArrayEquals(new boolean[] {false, true}, BestOfN.keepBest(best, new double[] {3, 4}));
        assertArrayEquals(new double[] {3, 4}, best, 0);
    }

    @Test
    void shouldPickWhatBestPerPromptPicksAmongTheFirstNWhenOfferedRoundByRound() {
        // Two prompts, four rounds: rewards[round][prompt].
        double[][] rounds = {{0.5, 2}, {1.5, 2}, {1.5, -1}, {3, 2.5}};
        double[] best = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int[] pick = new int[2];
        for (int round = 0; round < rounds.length; round++) {
            boolean[] improved = BestOfN.keepBest(best, rounds[round]);
            for (int p = 0; p < 2; p++) {
                pick[p] = improved[p] ? round : pick[p];
            }
            int n = round + 1;
            double[] flat = new double[2 * n];
            for (int p = 0; p < 2; p++) {
                for (int j = 0; j < n; j++) {
                    flat[p * n + j] = rounds[j][p];
                }
            }
            int[] expected = BestOfN.bestPerPrompt(flat, n);
            assertArrayEquals(new int[] {expected[0], expected[1] - n}, pick, "n = " + n);
            assertArrayEquals(new double[] {flat[expected[0]], flat[expected[1]]}, best, 0, "n = " + n);
        }
    }

    @Test
    void shouldRejectCandidatesWhenOneIsInfinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BestOfN.keepBest(new double[2], new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("candidates[1] is Infinity"), e.getMessage());
    }

    @Test
    void shouldRejectCandidatesWhenThereIsNotOnePerPrompt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BestOfN.keepBest(new double[3], new double[] {1, 2}));
        assertTrue(e.getMessage().contains("candidates holds 2 values; expected 3"), e.getMessage());
    }
}
