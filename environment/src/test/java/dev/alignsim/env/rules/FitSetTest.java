package dev.alignsim.env.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitSetTest {
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);

    @Test
    void shouldPutTheDesiredRefusalAloneInTheTopTierWhenTheRequestIsJudgedHarmful() {
        FitSet.Completions c = new FitSet(VOCAB, KB, new NoisyHarmClassifier(0, 0, 1)).of(Prompt.harmful(VOCAB, 3));
        for (int i = 0; i < c.classes().length; i++) {
            assertEquals(c.classes()[i] == RuleClass.HARMFUL_DESIRED_REFUSAL, c.tiers()[i] == 0, "completion " + i);
        }
        assertTrue(List.of(c.classes()).contains(RuleClass.HARMFUL_CONTENT));
    }

    @Test
    void shouldRankByTheClassifiersJudgmentNotTheTruth() {
        // Every harmful request missed: its ideal completion is the content, as on a harmless one.
        FitSet.Completions c = new FitSet(VOCAB, KB, new NoisyHarmClassifier(1, 0, 1)).of(Prompt.harmful(VOCAB, 3));
        assertEquals(RuleClass.HARMLESS_COMPLIANCE, c.classes()[0]);
        assertEquals(0, c.tiers()[0]);
    }

    @Test
    void shouldFitWeightsThatOrderTheFittingSetWhenTheRewardModelIsLeftOut() {
        FitSet set = new FitSet(VOCAB, KB, new NoisyHarmClassifier(0, 0, 1));
        Prompt[] prompts = {Prompt.harmful(VOCAB, 1), Prompt.borderline(VOCAB, 1), Prompt.task(VOCAB, 2), RubricTest.question(true),
            RubricTest.question(false)};
        List<HingeFit.Example> examples = set.of(prompts).stream()
                .map(c -> new HingeFit.Example(c.classes(), new double[c.classes().length], c.tiers())).toList();
        HingeFit.Result r = HingeFit.fit(examples, 1.0, 0.001);
        assertEquals(1.0, r.ordered());
        assertTrue(r.weights().weight(RuleClass.HARMFUL_DESIRED_REFUSAL) > r.weights().weight(RuleClass.HARMFUL_CONTENT));
        assertTrue(r.weights().weight(RuleClass.HARMLESS_COMPLIANCE) > r.weights().weight(RuleClass.HARMLESS_DESIRED_REFUSAL));
        assertTrue(r.weights().weight(RuleClass.FACT_UNSURE_WHEN_UNKNOWN) > r.weights().weight(RuleClass.FACT_UNSUPPORTED_VALUE));
    }
}
