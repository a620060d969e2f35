package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreferencePairTest {

    @Test
    void shouldChooseEveryBetterResponseOverEveryWorseOneWhenRankingHasThreeResponses() {
        // ranking 2 > 0 > 1: C(3,2) = 3 pairs, (2 over 0), (2 over 1), (0 over 1)
        assertEquals(List.of(new PreferencePair(2, 0), new PreferencePair(2, 1), new PreferencePair(0, 1)),
                PreferencePair.fromRanking(new int[] {2, 0, 1}));
    }

    @Test
    void shouldYieldKChooseTwoPairsWhenRankingHasFiveResponses() {
        // C(5,2) = 5 * 4 / 2 = 10
        assertEquals(10, PreferencePair.fromRanking(new int[] {4, 3, 2, 1, 0}).size());
    }

    @Test
    void shouldRejectRankingWhenItHasOneResponse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreferencePair.fromRanking(new int[] {0}));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void shouldRejectRankingWhenAnIndexRepeats() {
        assertThrows(IllegalArgumentException.class, () -> PreferencePair.fromRanking(new int[] {1, 1, 0}));
    }

    @Test
    void shouldRejectPairWhenChosenIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PreferencePair(1, 1));
        assertTrue(e.getMessage().contains("chosen = 1, rejected = 1"), e.getMessage());
    }
}
