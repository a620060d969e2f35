package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.alignsim.env.Rng;
import org.junit.jupiter.api.Test;

class PromptReaderTest {
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());

    @Test
    void shouldReadBackEverySampledPromptWithItsParts() {
        PromptReader reader = new PromptReader(VOCAB);
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), new PromptSplit(0.2, 1), PromptSplit.Side.TRAIN, new Rng(3));
        for (int i = 0; i < 2000; i++) {
            Prompt p = sampler.sample();
            Prompt read = reader.read(p.tokens());
            assertEquals(p, read);
            assertEquals(p.context(), read.context());
            assertEquals(p.object(), read.object());
            assertEquals(p.entity(), read.entity());
        }
    }

    @Test
    void shouldRejectTokensThatAreNotAPrompt() {
        PromptReader reader = new PromptReader(VOCAB);
        assertThrows(IllegalArgumentException.class, () -> reader.read(new int[] {Vocabulary.BOS, Vocabulary.SORRY, Vocabulary.SEP}));
        assertThrows(IllegalArgumentException.class,
                () -> reader.read(new int[] {Vocabulary.BOS, VOCAB.template(0), VOCAB.entity(0), VOCAB.object(0), Vocabulary.SEP}));
    }
}
