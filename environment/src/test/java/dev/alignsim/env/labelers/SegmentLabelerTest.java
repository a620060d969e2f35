package dev.alignsim.env.labelers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentLabelerTest {

    private static SegmentLabeler labeler(String strategy, Map<String, Double> params) {
        return new SegmentLabeler(new LabelerSpec("l", strategy, params, 1), 42);
    }

    @Test
    void shouldPreferTheHigherTrueReturnWhenNoiseless() {
        SegmentLabeler labeler = labeler("boltzmann", Map.of("temperature", 0.0));

        assertEquals(0, labeler.choose(25, 12));
        assertEquals(1, labeler.choose(3, 12));
        assertEquals(2, labeler.labelsGiven());
    }

    @Test
    void shouldFlipAboutAQuarterOfChoicesWhenFlipProbabilityIsAQuarter() {
        SegmentLabeler labeler = labeler("flip", Map.of("p", 0.25));
        int flipped = 0;
        for (int i = 0; i < 20_000; i++) {
            flipped += labeler.choose(25, 12);
        }
        // Binomial(20000, 0.25): standard deviation about 61.
        assertEquals(5_000, flipped, 300);
    }

    @Test
    void shouldRefuseAStrategyThatReadsChatWorldWhenMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labeler("persona", Map.of()));
        assertTrue(e.getMessage().contains("reads ChatWorld"), e.getMessage());
    }

    @Test
    void shouldRepeatItsChoicesWhenRestoredToAnEarlierState() {
        SegmentLabeler labeler = labeler("boltzmann", Map.of("temperature", 5.0));
        long[] state = labeler.rngState();
        int[] first = new int[50];
        for (int i = 0; i < first.length; i++) {
            first[i] = labeler.choose(10, 9);
        }
        labeler.restore(state, 0);
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], labeler.choose(10, 9), "choice " + i);
        }
        assertEquals(50, labeler.labelsGiven());
    }
}
