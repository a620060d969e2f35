package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rows of width 3: row 0 has 3 real tokens (1, 2, 3), row 1 has 1 (10) and padding that must not count (99). */
class ValidTokensTest {
    private static final ValidTokens TOKENS = ValidTokens.of(new int[] {3, 1}, 3);
    private static final double[] VALUES = {1, 2, 3, 10, 99, 99};

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void shouldMarkOnlyRealTokensWhenBuildingTheMask() {
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, TOKENS.mask());
    }

    @Test
    void shouldWeighEveryResponseTheSameWhenTakingTheSequenceMean() {
        // row means (1 + 2 + 3) / 3 = 2 and 10 / 1 = 10; their mean (2 + 10) / 2 = 6
        assertEquals(6, TOKENS.sequenceMean(VALUES), 1e-12);
    }

    @Test
    void shouldWeighEveryTokenTheSameWhenTakingTheTokenMean() {
        // (1 + 2 + 3 + 10) / 4 = 4
        assertEquals(4, TOKENS.tokenMean(VALUES), 1e-12);
    }

    @Test
    void shouldMatchTheDoubleMeansWhenComputedOnArrays() {
        float[] values = {1, 2, 3, 10, 99, 99};
        assertEquals(6f, TOKENS.sequenceMean(manager.create(values, new Shape(2, 3))).getFloat(), 1e-6f);
        assertEquals(4f, TOKENS.tokenMean(manager.create(values, new Shape(2, 3))).getFloat(), 1e-6f);
    }

    @Test
    void shouldNotReadPaddingWhenItIsNaN() {
        // the double forms never read padding: (2 + 10) / 2 = 6 still
        assertEquals(6, TOKENS.sequenceMean(new double[] {1, 2, 3, 10, Double.NaN, Double.NaN}), 1e-12);
    }

    @Test
    void shouldRejectALengthWhenItExceedsTheWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidTokens.of(new int[] {3, 4}, 3));
        assertTrue(e.getMessage().contains("lengths[1] is 4; expected 1..3"), e.getMessage());
    }

    @Test
    void shouldRejectALengthWhenItIsZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidTokens.of(new int[] {0}, 3));
        assertTrue(e.getMessage().contains("lengths[0] is 0; expected 1..3"), e.getMessage());
    }

    @Test
    void shouldRejectValuesWhenTheyAreNotRowsByWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TOKENS.tokenMean(new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("perToken holds 3 values; expected 6"), e.getMessage());
    }
}
