package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {

    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.of(2, 2, 100, 50, 10, 1, 1));

    @Test
    void shouldKnowTheConfiguredFractionWithinSamplingErrorWhenGenerated() {
        double p = 0.3;
        KnowledgeBase kb = KnowledgeBase.generate(VOCAB, p, 11L);

        int n = kb.pairCount();
        double observed = (double) kb.knownCount() / n;
        double standardError = Math.sqrt(p * (1 - p) / n);
        assertEquals(5000, n);
        assertEquals(p, observed, 3 * standardError);
    }

    @Test
    void shouldGiveValuesInRangeWhenKnown() {
        KnowledgeBase kb = KnowledgeBase.generate(VOCAB, 1.0, 3L);

        for (int e = 0; e < 100; e++) {
            for (int a = 0; a < 50; a++) {
                OptionalInt v = kb.value(e, a);
                assertTrue(v.isPresent());
                assertTrue(v.getAsInt() >= 0 && v.getAsInt() < 10, "value " + v.getAsInt());
            }
        }
    }

    @Test
    void shouldBeEqualWhenGeneratedFromSameSeed() {
        assertEquals(KnowledgeBase.generate(VOCAB, 0.5, 42L), KnowledgeBase.generate(VOCAB, 0.5, 42L));
    }

    @Test
    void shouldDifferWhenGeneratedFromDifferentSeeds() {
        assertNotEquals(KnowledgeBase.generate(VOCAB, 0.5, 42L), KnowledgeBase.generate(VOCAB, 0.5, 43L));
    }

    @Test
    void shouldRejectKnownFractionNamingItWhenAboveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnowledgeBase.generate(VOCAB, 1.5, 1L));
        assertTrue(e.getMessage().contains("knownFraction"), e.getMessage());
    }
}
