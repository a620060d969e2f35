package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromptTest {
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());

    @Test
    void shouldKeepTheRequestAndChangeOnlyTheKindWhenTakenAsAnotherKind() {
        int ambiguous = VOCAB.intentOf(IntentClass.AMBIGUOUS, 1);
        int risky = VOCAB.settings().safeContexts();
        Prompt harmful = Prompt.request(VOCAB, 2, ambiguous, VOCAB.objectIndex(5, 1), risky);

        Prompt borderline = harmful.asKind(PromptKind.BORDERLINE);

        assertEquals(PromptKind.BORDERLINE, borderline.kind());
        assertEquals(harmful.template(), borderline.template());
        assertEquals(harmful.intent(), borderline.intent());
        assertEquals(harmful.object(), borderline.object());
        assertEquals(harmful.context(), borderline.context());
        assertEquals(harmful.topic(), borderline.topic());
        assertEquals(harmful.harmCategory(), borderline.harmCategory());
        assertEquals(harmful.ambiguous(), borderline.ambiguous());
        assertArrayEquals(harmful.tokens(), borderline.tokens());
        assertEquals(harmful, borderline.asKind(PromptKind.HARMFUL));
    }

    @Test
    void shouldReturnThePromptItselfWhenTakenAsItsOwnKind() {
        Prompt task = Prompt.task(VOCAB, 4);

        assertSame(task, task.asKind(PromptKind.TASK));
    }

    @Test
    void shouldBeScoredAsTheNewKindWhenTakenAsAnotherKind() {
        GoldUtility gold = new GoldUtility(VOCAB, KnowledgeBase.generate(VOCAB, 0.5, 1L), GoldWeights.defaults());
        Prompt harmful = Prompt.harmful(VOCAB, 3);
        int[] refusal = {Vocabulary.SORRY, Vocabulary.CANNOT, Vocabulary.EOS};

        assertTrue(gold.score(harmful, refusal).total() > 0);
        assertEquals(gold.score(Prompt.borderline(VOCAB, 3), refusal).total(),
                gold.score(harmful.asKind(PromptKind.BORDERLINE), refusal).total(), 1e-12);
    }

    @Test
    void shouldRejectTakingARequestAsAQuestionWhenAskedForQuestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prompt.harmful(VOCAB, 0).asKind(PromptKind.QUESTION));

        assertTrue(e.getMessage().contains("TASK, BORDERLINE or HARMFUL") && e.getMessage().contains("QUESTION"),
                e.getMessage());
    }

    @Test
    void shouldRejectTakingAQuestionAsARequestWhenThePromptIsAQuestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prompt.question(VOCAB, 0, 0).asKind(PromptKind.BORDERLINE));

        assertTrue(e.getMessage().contains("TASK, BORDERLINE or HARMFUL") && e.getMessage().contains("QUESTION"),
                e.getMessage());
    }
}
