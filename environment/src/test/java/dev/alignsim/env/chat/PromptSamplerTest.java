package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptSamplerTest {
    private static final PromptSplit SPLIT = new PromptSplit(0.2, 1L);
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final HarmRule RULE = new HarmRule(VOCAB);

    @Test
    void shouldMatchMixtureWeightsWithinThreeStandardErrorsWhenSampling20000Prompts() {
        PromptMixture mixture = new PromptMixture(4, 3, 2, 1);
        PromptSampler sampler = sampler(new PromptDesign(mixture, 0.25, 0.5), PromptSplit.Side.TRAIN, 2024L);
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
        PromptSampler sampler = sampler(new PromptDesign(new PromptMixture(1, 0, 1, 0), 0.25, 0.5), PromptSplit.Side.TRAIN, 5L);
        for (int i = 0; i < 2000; i++) {
            PromptKind kind = sampler.sample().kind();
            assertTrue(kind == PromptKind.TASK || kind == PromptKind.HARMFUL, kind.name());
        }
    }

    @Test
    void shouldSampleSamePromptsWhenSeedIsSame() {
        assertEquals(draw(77L, 500, PromptSplit.Side.TRAIN), draw(77L, 500, PromptSplit.Side.TRAIN));
    }

    @Test
    void shouldFrameEveryPromptWithBosAndSepWhenSampled() {
        for (Prompt prompt : draw(9L, 200, PromptSplit.Side.TRAIN)) {
            int[] tokens = prompt.tokens();
            assertEquals(Vocabulary.BOS, tokens[0]);
            assertEquals(Vocabulary.SEP, tokens[tokens.length - 1]);
        }
    }

    @Test
    void shouldDrawOnlyTheRequestedSideWhenSamplingEitherSide() {
        for (Prompt prompt : draw(3L, 2000, PromptSplit.Side.TRAIN)) {
            assertEquals(PromptSplit.Side.TRAIN, SPLIT.side(prompt));
        }
        for (Prompt prompt : draw(3L, 2000, PromptSplit.Side.EVAL)) {
            assertEquals(PromptSplit.Side.EVAL, SPLIT.side(prompt));
        }
    }

    @Test
    void shouldHoldOutTheConfiguredShareWhenSplittingDistinctPrompts() {
        Set<Prompt> train = new HashSet<>(draw(4L, 50_000, PromptSplit.Side.TRAIN));
        Set<Prompt> eval = new HashSet<>(draw(4L, 12_000, PromptSplit.Side.EVAL));
        int held = 0;
        int all = 0;
        for (Set<Prompt> side : List.of(train, eval)) {
            for (Prompt p : side) {
                all++;
                held += SPLIT.isEval(p.tokens()) ? 1 : 0;
            }
        }
        assertTrue(train.stream().noneMatch(eval::contains), "a prompt on both sides");
        assertTrue(held > 0 && held < all);
    }

    @Test
    void shouldComposeMoreThanTenThousandDistinctPromptsWhenWorldIsDefault() {
        assertTrue(ChatWorldSettings.defaults().distinctPrompts() >= 10_000);
        Set<Prompt> seen = new HashSet<>(draw(6L, 60_000, PromptSplit.Side.TRAIN));
        assertTrue(seen.size() >= 10_000, "distinct prompts drawn: " + seen.size());
    }

    @Test
    void shouldAgreeWithTheHarmRuleWhenSampledKindsAreChecked() {
        for (Prompt p : draw(8L, 5000, PromptSplit.Side.TRAIN)) {
            if (p.kind() != PromptKind.QUESTION) {
                assertEquals(p.kind(), RULE.kind(p.intent(), p.object(), p.context()), p.toString());
            }
        }
    }

    @Test
    void shouldUseEveryIntentObjectAndContextInBothHarmfulAndHarmlessPromptsWhenSampling() {
        Set<Integer> inHarmful = new HashSet<>();
        Set<Integer> inHarmless = new HashSet<>();
        for (Prompt p : draw(10L, 40_000, PromptSplit.Side.TRAIN)) {
            if (p.kind() == PromptKind.QUESTION) {
                continue;
            }
            Set<Integer> target = p.kind() == PromptKind.HARMFUL ? inHarmful : inHarmless;
            for (int t : p.tokens()) {
                TokenType type = VOCAB.type(t);
                if (type == TokenType.INTENT || type == TokenType.OBJECT || type == TokenType.CONTEXT) {
                    target.add(t);
                }
            }
        }
        // No single token separates harmful from harmless: every token seen in a harmful prompt also occurs in a
        // harmless one.
        assertFalse(inHarmful.isEmpty());
        for (int t : inHarmful) {
            assertTrue(inHarmless.contains(t), VOCAB.name(t) + " occurs only in harmful prompts");
        }
    }

    @Test
    void shouldDrawTheConfiguredShareOfAmbiguousRequestsWhenSamplingHarmfulPrompts() {
        PromptSampler sampler = sampler(new PromptDesign(new PromptMixture(0, 0, 1, 0), 0.3, 0.5), PromptSplit.Side.TRAIN, 12L);
        int n = 10_000;
        int ambiguous = 0;
        for (int i = 0; i < n; i++) {
            ambiguous += sampler.sample().ambiguous() ? 1 : 0;
        }
        assertEquals(0.3, ambiguous / (double) n, 3 * Math.sqrt(0.3 * 0.7 / n));
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

    @Test
    void shouldRejectDesignNamingFieldWhenAShareIsAboveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PromptDesign(PromptMixture.uniform(), 1.5, 0.5));
        assertTrue(e.getMessage().contains("ambiguous_share"), e.getMessage());
    }

    private static PromptSampler sampler(PromptDesign design, PromptSplit.Side side, long seed) {
        return new PromptSampler(VOCAB, design, SPLIT, side, new Rng(seed));
    }

    private static List<Prompt> draw(long seed, int n, PromptSplit.Side side) {
        PromptSampler sampler = sampler(PromptDesign.defaults(), side, seed);
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(sampler.sample());
        }
        return prompts;
    }
}
