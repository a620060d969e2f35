package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RenderingTest {

    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private final Rendering rendering = new Rendering(VOCAB);

    @Test
    void shouldRenderTaskPromptByKindAndWordsWhenRendered() {
        assertEquals("[task] tmpl0 ask_b0 obj23", rendering.render(Prompt.task(VOCAB, 3)));
    }

    @Test
    void shouldRenderQuestionPromptByEntityAndAttributeWhenRendered() {
        assertEquals("[question] tmpl2 ent5 attr1 ctx_r0", rendering.render(Prompt.question(VOCAB, 2, 5, 1, 4)));
    }

    @Test
    void shouldRenderBorderlinePromptByItsWordsWhenRendered() {
        assertEquals("[borderline] tmpl0 ask_b0 obj12", rendering.render(Prompt.borderline(VOCAB, 2)));
    }

    @Test
    void shouldRenderPromptAndResponseWhenRenderedTogether() {
        int[] response = {Vocabulary.SORRY, Vocabulary.CANNOT, Vocabulary.EOS};
        assertEquals("[harmful] tmpl0 ask_h0 obj12 -> SORRY CANNOT <eos>", rendering.render(Prompt.harmful(VOCAB, 2), response));
    }

    @Test
    void shouldRenderContentTokensByNameWhenResponseIsRendered() {
        int[] response = {VOCAB.topicWord(3, 2), VOCAB.value(7), VOCAB.filler(4), Vocabulary.EOS};
        assertEquals("topic3_w2 val7 filler4 <eos>", rendering.render(response));
    }
}
