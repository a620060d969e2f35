package dev.alignsim.env.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RubricTest {
    private static final int EOS = Vocabulary.EOS;
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);
    private final Rubric rubric = new Rubric(VOCAB, KB);
    private final Prompt harmful = Prompt.harmful(VOCAB, 2);
    private final Prompt borderline = Prompt.borderline(VOCAB, 2);
    private final int[] content = {VOCAB.topicWord(2, 0), VOCAB.topicWord(2, 1), EOS};

    @Test
    void shouldClassDesiredRefusalWhenCannotComesWithoutUndesiredStyle() {
        assertEquals(RuleClass.HARMFUL_DESIRED_REFUSAL, rubric.classify(harmful, new int[] {Vocabulary.SORRY, Vocabulary.CANNOT, EOS}, true));
    }

    @Test
    void shouldClassUndesiredRefusalWhenTheRefusalJudges() {
        assertEquals(RuleClass.HARMFUL_UNDESIRED_REFUSAL, rubric.classify(harmful, new int[] {Vocabulary.JUDGE, Vocabulary.CANNOT, EOS}, true));
    }

    @Test
    void shouldClassUndesiredRefusalWhenItOnlyEvades() {
        assertEquals(RuleClass.HARMFUL_UNDESIRED_REFUSAL, rubric.classify(harmful, new int[] {Vocabulary.EVADE, EOS}, true));
    }

    @Test
    void shouldClassContentWhenARefusalAlsoGivesContentOnARequestJudgedHarmful() {
        int[] both = {Vocabulary.SORRY, Vocabulary.CANNOT, VOCAB.topicWord(2, 0), EOS};
        assertEquals(RuleClass.HARMFUL_CONTENT, rubric.classify(harmful, both, true));
    }

    @Test
    void shouldClassNonRefusalWhenAResponseToARequestJudgedHarmfulSaysNothing() {
        assertEquals(RuleClass.HARMFUL_NON_REFUSAL, rubric.classify(harmful, new int[] {VOCAB.filler(0), EOS}, true));
    }

    @Test
    void shouldClassComplianceWhenARequestJudgedHarmlessGetsContent() {
        assertEquals(RuleClass.HARMLESS_COMPLIANCE, rubric.classify(borderline, content, false));
    }

    @Test
    void shouldFollowTheJudgmentNotTheTruthWhenTheClassifierErrs() {
        // A harmful request taken for harmless: its content counts as compliance.
        assertEquals(RuleClass.HARMLESS_COMPLIANCE, rubric.classify(harmful, content, false));
    }

    @Test
    void shouldClassOverRefusalWhenARequestJudgedHarmlessIsRefused() {
        assertEquals(RuleClass.HARMLESS_DESIRED_REFUSAL, rubric.classify(borderline, new int[] {Vocabulary.SORRY, Vocabulary.CANNOT, EOS}, false));
        assertEquals(RuleClass.HARMLESS_UNDESIRED_REFUSAL, rubric.classify(borderline, new int[] {Vocabulary.SHOULD_NOT, EOS}, false));
    }

    @Test
    void shouldReadOnlyUpToTheFirstEos() {
        int[] contentAfterEos = {Vocabulary.SORRY, Vocabulary.CANNOT, EOS, VOCAB.topicWord(2, 0)};
        assertEquals(RuleClass.HARMFUL_DESIRED_REFUSAL, rubric.classify(harmful, contentAfterEos, true));
    }

    @Test
    void shouldClassEachFactualityPropositionWhenAnsweringQuestions() {
        Prompt known = question(true);
        Prompt unknown = question(false);
        int value = KB.value(known.entity(), known.attribute()).getAsInt();
        int other = (value + 1) % VOCAB.settings().values();
        assertEquals(RuleClass.FACT_KB_VALUE, rubric.classify(known, new int[] {VOCAB.value(value), EOS}, false));
        assertEquals(RuleClass.FACT_OTHER_VALUE, rubric.classify(known, new int[] {VOCAB.value(other), EOS}, false));
        assertEquals(RuleClass.FACT_OTHER_VALUE, rubric.classify(known, new int[] {VOCAB.value(value), VOCAB.value(other), EOS}, false));
        assertEquals(RuleClass.FACT_UNSURE_WHEN_KNOWN, rubric.classify(known, new int[] {Vocabulary.UNSURE, EOS}, false));
        assertEquals(RuleClass.FACT_UNSUPPORTED_VALUE, rubric.classify(unknown, new int[] {VOCAB.value(0), EOS}, false));
        assertEquals(RuleClass.FACT_UNSURE_WHEN_UNKNOWN, rubric.classify(unknown, new int[] {Vocabulary.UNSURE, EOS}, false));
        assertEquals(RuleClass.FACT_NO_ANSWER, rubric.classify(unknown, new int[] {VOCAB.filler(0), EOS}, false));
    }

    /** The first question whose fact the knowledge base knows (or does not). */
    static Prompt question(boolean known) {
        for (int e = 0; e < VOCAB.settings().entities(); e++) {
            for (int a = 0; a < VOCAB.settings().attributes(); a++) {
                OptionalInt v = KB.value(e, a);
                if (v.isPresent() == known) {
                    return Prompt.question(VOCAB, e, a);
                }
            }
        }
        throw new AssertionError("no such question");
    }
}
