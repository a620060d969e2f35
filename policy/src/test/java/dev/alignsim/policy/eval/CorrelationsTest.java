package dev.alignsim.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationsTest {
    @Test
    void shouldGiveHandComputedPearsonWhenColumnsPartlyAgree() {
        // x - mean = (-1, 0, 1), y - mean = (-1, 1, 0): covariance sum 1, squared sums 2 and 2, r = 1 / 2.
        assertEquals(0.5, Correlations.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-12);
    }

    @Test
    void shouldGiveSpearmanOneWhenRelationIsMonotoneButNotLinear() {
        assertEquals(1.0, Correlations.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 4, 9, 100}), 1e-12);
    }

    @Test
    void shouldAverageTiedRanksWhenSpearmanInputHasTies() {
        // Ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4), both mean 2.5: covariance sum 4.5, squared sums 4.5 and 5,
        // rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
        assertEquals(Math.sqrt(0.9), Correlations.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void shouldReturnNaNPearsonWhenAColumnIsConstant() {
        assertTrue(Double.isNaN(Correlations.pearson(new double[] {0.1, 0.1, 0.1}, new double[] {1, 2, 3})));
    }

    @Test
    void shouldReturnNaNSpearmanWhenAColumnIsConstant() {
        assertTrue(Double.isNaN(Correlations.spearman(new double[] {1, 2, 3}, new double[] {7, 7, 7})));
    }

    @Test
    void shouldRejectColumnsWhenLengthsDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.pearson(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
    }

    @Test
    void shouldRejectColumnsWhenFewerThanTwoPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.spearman(new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void shouldRejectColumnsWhenAValueIsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.pearson(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
    }
}
