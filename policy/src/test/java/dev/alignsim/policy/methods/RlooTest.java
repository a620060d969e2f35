package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RlooTest {
    // Two prompts, k = 3 samples each: rewards (1, 2, 6) and (0, 0, 3).
    private static final double[] REWARDS = {1, 2, 6, 0, 0, 3};

    @Test
    void shouldAverageTheOtherSamplesWhenComputingBaselines() {
        // prompt 0, sum 9: (9 - 1)/2 = 4, (9 - 2)/2 = 3.5, (9 - 6)/2 = 1.5; prompt 1, sum 3: 1.5, 1.5, 0
        assertArrayEquals(new double[] {4, 3.5, 1.5, 1.5, 1.5, 0}, Rloo.baselines(REWARDS, 3), 1e-12);
    }

    @Test
    void shouldSubtractTheLeaveOneOutBaselineWhenComputingAdvantages() {
        // 1 - 4 = -3, 2 - 3.5 = -1.5, 6 - 1.5 = 4.5; 0 - 1.5 = -1.5, 0 - 1.5 = -1.5, 3 - 0 = 3 (each prompt sums to 0)
        assertArrayEquals(new double[] {-3, -1.5, 4.5, -1.5, -1.5, 3}, Rloo.advantages(REWARDS, 3), 1e-12);
    }

    @Test
    void shouldUseTheOtherSampleAsBaselineWhenKIsTwo() {
        // (1, 3): baselines 3 and 1, advantages -2 and 2
        assertArrayEquals(new double[] {-2, 2}, Rloo.advantages(new double[] {1, 3}, 2), 1e-12);
    }

    @Test
    void shouldRejectKWhenItIsOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rloo.advantages(new double[] {1, 2}, 1));
        assertTrue(e.getMessage().contains("RLOO needs k >= 2 samples per prompt"), e.getMessage());
        assertTrue(e.getMessage().contains("got k = 1"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenTheyDoNotSplitIntoGroupsOfK() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rloo.advantages(new double[] {1, 2, 3, 4, 5}, 2));
        assertTrue(e.getMessage().contains("rewards holds 5 values; expected a multiple of k = 2"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenOneIsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rloo.advantages(new double[] {1, Double.NaN}, 2));
        assertTrue(e.getMessage().contains("rewards[1] is NaN"), e.getMessage());
    }
}
