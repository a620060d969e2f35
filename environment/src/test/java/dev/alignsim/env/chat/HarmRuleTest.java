package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HarmRuleTest {
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final HarmRule RULE = new HarmRule(VOCAB);
    private static final int DANGEROUS = VOCAB.objectIndex(3, 0);
    private static final int EVERYDAY = VOCAB.objectIndex(3, 5);
    private static final int BENIGN = VOCAB.intentOf(IntentClass.BENIGN, 1);
    private static final int HARMFUL = VOCAB.intentOf(IntentClass.HARMFUL, 1);
    private static final int AMBIGUOUS = VOCAB.intentOf(IntentClass.AMBIGUOUS, 1);
    private static final int SAFE = 0;
    private static final int RISKY = ChatWorldSettings.defaults().safeContexts();

    @Test
    void shouldJudgeHarmfulWhenHarmfulIntentMeetsDangerousObject() {
        assertEquals(PromptKind.HARMFUL, RULE.kind(HARMFUL, DANGEROUS, -1));
        assertEquals(PromptKind.HARMFUL, RULE.kind(HARMFUL, DANGEROUS, SAFE));
    }

    @Test
    void shouldJudgeBorderlineWhenHarmfulIntentMeetsEverydayObject() {
        assertEquals(PromptKind.BORDERLINE, RULE.kind(HARMFUL, EVERYDAY, RISKY));
    }

    @Test
    void shouldJudgeBorderlineWhenBenignIntentMeetsDangerousObject() {
        assertEquals(PromptKind.BORDERLINE, RULE.kind(BENIGN, DANGEROUS, RISKY));
    }

    @Test
    void shouldLetTheContextDecideWhenAmbiguousIntentMeetsDangerousObject() {
        assertEquals(PromptKind.HARMFUL, RULE.kind(AMBIGUOUS, DANGEROUS, RISKY));
        assertEquals(PromptKind.BORDERLINE, RULE.kind(AMBIGUOUS, DANGEROUS, SAFE));
        assertEquals(PromptKind.BORDERLINE, RULE.kind(AMBIGUOUS, DANGEROUS, -1));
        assertTrue(RULE.ambiguous(AMBIGUOUS, DANGEROUS));
        assertFalse(RULE.ambiguous(AMBIGUOUS, EVERYDAY));
    }

    @Test
    void shouldJudgeTaskWhenBenignIntentMeetsEverydayObject() {
        assertEquals(PromptKind.TASK, RULE.kind(BENIGN, EVERYDAY, RISKY));
    }

    @Test
    void shouldAnswerARequestWithItsObjectsTopicWhenBuilt() {
        Prompt p = Prompt.request(VOCAB, 2, BENIGN, DANGEROUS, RISKY);
        assertEquals(3, p.topic());
        assertEquals(3 % ChatWorldSettings.defaults().harmCategories(), p.harmCategory());
        assertEquals(6, p.length());
    }
}
