package dev.alignsim.env.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.PromptSampler;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.chat.Vocabulary;
import org.junit.jupiter.api.Test;

class NoisyHarmClassifierTest {
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());

    @Test
    void shouldJudgeByTheHarmRuleWhenItMakesNoErrors() {
        HarmClassifier exact = new NoisyHarmClassifier(0, 0, 3);
        assertTrue(exact.judgesHarmful(Prompt.harmful(VOCAB, 1)));
        assertFalse(exact.judgesHarmful(Prompt.borderline(VOCAB, 1)));
        assertFalse(exact.judgesHarmful(Prompt.task(VOCAB, 1)));
        assertFalse(exact.judgesHarmful(Prompt.question(VOCAB, 0, 0)));
    }

    @Test
    void shouldMissAboutTheFalseNegativeRateOfHarmfulRequests() {
        assertEquals(0.2, errorRate(new NoisyHarmClassifier(0.2, 0, 5), PromptKind.HARMFUL), 0.02);
    }

    @Test
    void shouldFlagAboutTheFalsePositiveRateOfBorderlineRequestsAndNoTask() {
        NoisyHarmClassifier classifier = new NoisyHarmClassifier(0, 0.3, 5);
        assertEquals(0.3, errorRate(classifier, PromptKind.BORDERLINE), 0.02);
        assertEquals(0.0, errorRate(classifier, PromptKind.TASK));
    }

    @Test
    void shouldJudgeOnePromptTheSameWayEveryTime() {
        NoisyHarmClassifier classifier = new NoisyHarmClassifier(0.5, 0.5, 9);
        for (Prompt p : prompts(200)) {
            assertEquals(classifier.judgesHarmful(p), new NoisyHarmClassifier(0.5, 0.5, 9).judgesHarmful(p));
        }
    }

    @Test
    void shouldRejectARateOutsideZeroToOneNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NoisyHarmClassifier(1.5, 0, 1));
        assertTrue(e.getMessage().contains("chat.rules.classifier.false_negative_rate"));
    }

    private static double errorRate(HarmClassifier classifier, PromptKind kind) {
        int n = 0;
        int wrong = 0;
        for (Prompt p : prompts(20_000)) {
            if (p.kind() == kind) {
                n++;
                wrong += classifier.judgesHarmful(p) != (kind == PromptKind.HARMFUL) ? 1 : 0;
            }
        }
        return (double) wrong / n;
    }

    private static Prompt[] prompts(int n) {
        Rng rng = new Rng(11);
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), new PromptSplit(0.2, 1), PromptSplit.Side.TRAIN, rng);
        Prompt[] out = new Prompt[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampler.sample();
        }
        return out;
    }
}
