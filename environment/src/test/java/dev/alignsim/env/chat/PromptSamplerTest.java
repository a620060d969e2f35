package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptSamplerTest {

    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());

    @Test
    void shouldMatchMixtureWeightsWithinThreeStandardErrorsWhenSampling20000Prompts() {
        PromptMixture mixture = new PromptMixture(4, 3, 2, 1);
        PromptSampler sampler = new PromptSampler(VOCAB, mixture, new Rng(2024L));
        int n = 20_000;
        Map<PromptKind, Integer> counts = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < n; i++) {
            counts.merge(sampler.sample().kind(), 1, Integer::sum);
        }
        for (PromptKind kind : PromptKind.values()) {
            double p = mixture.probability(kind);
            double observed = counts.getOrDefault(kind, 0) / (double) n;
            assertEquals(p, observed, 3 * Math.sqrt(p * (1 - p) / n), kind.name());
        }
    }

    @Test
    void shouldNeverSampleKindWhenItsWeightIsZero() {
        PromptSampler sampler = new PromptSampler(VOCAB, new PromptMixture(1, 0, 1, 0), new Rng(5L));
        for (int i = 0; i < 2000; i++) {
            PromptKind kind = sampler.sample().kind();
            assertTrue(kind == PromptKind.TASK || kind == PromptKind.HARMFUL, kind.name());
        }
    }

    @Test
    void shouldSampleSamePromptsWhenSeedIsSame() {
        assertEquals(draw(77L, 500), draw(77L, 500));
    }

    @Test
    void shouldFrameEveryPromptWithBosAndSepWhenSampled() {
        for (Prompt prompt : draw(9L, 200)) {
            int[] tokens = prompt.tokens();
            assertEquals(Vocabulary.BOS, tokens[0]);
            assertEquals(Vocabulary.SEP, tokens[tokens.length - 1]);
        }
    }

    @Test
    void shouldCarryHarmMarkerInHarmfulAndLookalikeInBorderlinePromptsWhenBuilt() {
        assertEquals(VOCAB.harmMarker(2), Prompt.harmful(VOCAB, 2).tokens()[1]);
        assertEquals(VOCAB.lookalike(2), Prompt.borderline(VOCAB, 2).tokens()[1]);
    }

    @Test
    void shouldRejectMixtureNamingFieldWhenAWeightIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PromptMixture(1, 1, -0.5, 1));
        assertTrue(e.getMessage().contains("harmful"), e.getMessage());
    }

    @Test
    void shouldRejectMixtureWhenWeightsSumToZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PromptMixture(0, 0, 0, 0));
        assertTrue(e.getMessage().contains("weights"), e.getMessage());
    }

    private static List<Prompt> draw(long seed, int n) {
        PromptSampler sampler = new PromptSampler(VOCAB, PromptMixture.uniform(), new Rng(seed));
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(sampler.sample());
        }
        return prompts;
    }
}
