package dev.alignsim.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void shouldGiveMeanAndSampleStdWhenSeveralValues() {
        // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32 / 7.
        Summary s = Summary.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), s.std(), 1e-12);
        assertEquals(8, s.n());
    }

    @Test
    void shouldGiveNaNStdWhenOnlyOneValue() {
        Summary s = Summary.of(0.7);
        assertEquals(0.7, s.mean(), 0);
        assertTrue(Double.isNaN(s.std()));
    }

    @Test
    void shouldRejectValuesWhenEmpty() {
        assertThrows(IllegalArgumentException.class, () -> Summary.of());
    }

    @Test
    void shouldRejectValuesWhenOneIsInfinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Summary.of(1, Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("values[1]"), e.getMessage());
    }
}
