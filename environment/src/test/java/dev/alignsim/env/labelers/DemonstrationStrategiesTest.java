package dev.alignsim.env.labelers;

import static dev.alignsim.env.labelers.Fixtures.KB;
import static dev.alignsim.env.labelers.Fixtures.TASK;
import static dev.alignsim.env.labelers.Fixtures.VOCAB;
import static dev.alignsim.env.labelers.Fixtures.WORLD;
import static dev.alignsim.env.labelers.Fixtures.context;
import static dev.alignsim.env.labelers.Fixtures.strategy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Demonstrations;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.PromptSampler;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.chat.TokenType;
import dev.alignsim.env.chat.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemonstrationStrategiesTest {
    private static final PromptSplit SPLIT = new PromptSplit(0.2, 1L);

    private static final int EOS = Vocabulary.EOS;
    private static final Demonstrations DEMONSTRATIONS = new Demonstrations(VOCAB, KB);
    private static final int WORDS = VOCAB.settings().wordsPerTopic();

    @Test
    void shouldWriteTheCarefulDraftWhenTheStrategyDoesNotReviseDemonstrations() {
        List<LabelerStrategy> plain = List.of(
                strategy("boltzmann", Map.of("temperature", 1.0)),
                strategy("flip", Map.of("p", 0.3)),
                strategy("position_bias", Map.of("bonus", 1.0)),
                strategy("inattention", Map.of("q", 0.5)),
                strategy("fatigue", Map.of("t0", 1.0, "rate", 0.1)),
                strategy("persona", Map.of("coverage", 0.0)));
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), SPLIT, PromptSplit.Side.TRAIN, new Rng(1L));
        for (int i = 0; i < 300; i++) {
            Prompt prompt = sampler.sample();
            for (LabelerStrategy s : plain) {
                assertArrayEquals(DEMONSTRATIONS.write(prompt, new Rng(i)),
                        s.demonstrate(prompt, context(WORLD, i, 0)), prompt.toString());
            }
        }
    }

    @Test
    void shouldHallucinateOnAboutQOfUnknownFactsWhenPartialKnowledgeQIsPointThree() {
        List<Prompt> unknown = unknownFactQuestions();
        LabelerStrategy s = strategy("partial_knowledge", Map.of("q", 0.3));
        int labelers = 4_000;
        int guesses = 0;
        for (int seed = 0; seed < labelers; seed++) {
            Prompt question = unknown.get(seed % unknown.size());
            int[] demo = s.demonstrate(question, context(WORLD, seed, 0));
            if (demo[0] != Vocabulary.UNSURE) {
                assertEquals(TokenType.VALUE, VOCAB.type(demo[0]), Arrays.toString(demo));
                assertEquals(2, demo.length, Arrays.toString(demo));
                assertTrue(WORLD.gold().score(question, demo).hallucination() < 0, Arrays.toString(demo));
                guesses++;
            }
        }

        // Four standard errors of a proportion 0.3 over 4000 labelers: 0.029.
        assertEquals(0.3, guesses / (double) labelers, 0.03);
    }

    @Test
    void shouldGuessUniformlyAmongValuesWhenPartialKnowledgeNeverKnows() {
        Prompt question = unknownFactQuestions().get(0);
        LabelerStrategy s = strategy("partial_knowledge", Map.of("q", 1.0));
        LabelingContext ctx = context(WORLD, 2, 0);
        int values = VOCAB.settings().values();
        int[] counts = new int[values];
        int n = 16_000;
        for (int i = 0; i < n; i++) {
            counts[VOCAB.indexInGroup(s.demonstrate(question, ctx)[0])]++;
        }

        double p = 1.0 / values;
        for (int v = 0; v < values; v++) {
            assertEquals(p, counts[v] / (double) n, 4 * Math.sqrt(p * (1 - p) / n), Arrays.toString(counts));
        }
    }

    @Test
    void shouldGuessInWritingExactlyWhenItPrefersAGuessToUnsureInJudging() {
        Prompt question = unknownFactQuestions().get(0);
        int[] unsure = {Vocabulary.UNSURE, EOS};
        int[] wrongValue = {VOCAB.value(0), EOS};
        LabelerStrategy s = strategy("partial_knowledge", Map.of("q", 0.5));
        for (int seed = 0; seed < 500; seed++) {
            boolean prefersGuess = s.choose(question, wrongValue, unsure, context(WORLD, seed, 0)) == 0;
            boolean writesGuess = s.demonstrate(question, context(WORLD, seed, 0))[0] != Vocabulary.UNSURE;

            assertEquals(prefersGuess, writesGuess, "labeler " + seed);
        }
    }

    @Test
    void shouldKeepTheDraftOnTasksAndHarmfulPromptsWhenPartialKnowledgeNeverKnows() {
        LabelerStrategy s = strategy("partial_knowledge", Map.of("q", 1.0));
        for (Prompt prompt : List.of(TASK, Prompt.harmful(VOCAB, 1), Prompt.borderline(VOCAB, 2))) {
            assertArrayEquals(DEMONSTRATIONS.write(prompt, new Rng(3L)), s.demonstrate(prompt, context(WORLD, 3, 0)));
        }
    }

    @Test
    void shouldAppendRoundBetaTimesWordsPerTopicWordsWhenLengthBiased() {
        assertEquals(0, BuiltInStrategies.LengthBias.extraWords(-1.0, WORDS));
        assertEquals(0, BuiltInStrategies.LengthBias.extraWords(0.0, WORDS));
        assertEquals(2, BuiltInStrategies.LengthBias.extraWords(0.25, WORDS));
        assertEquals(WORDS, BuiltInStrategies.LengthBias.extraWords(1.0, WORDS));
        assertEquals(WORDS, BuiltInStrategies.LengthBias.extraWords(1e300, WORDS));

        LabelerStrategy s = strategy("length_bias", Map.of("beta", 0.25));
        for (int seed = 0; seed < 200; seed++) {
            int draftLength = DEMONSTRATIONS.write(TASK, new Rng(seed)).length;
            assertEquals(draftLength + 2, s.demonstrate(TASK, context(WORLD, seed, 0)).length);
        }
    }

    @Test
    void shouldPadWithTheMissingTopicWordsFirstThenFillerWhenLengthBiased() {
        LabelerStrategy s = strategy("length_bias", Map.of("beta", 1.0));
        for (int seed = 0; seed < 200; seed++) {
            int[] draft = DEMONSTRATIONS.write(TASK, new Rng(seed));
            int drafted = draft.length - 1;
            int[] demo = s.demonstrate(TASK, context(WORLD, seed, 0));
            String shown = Arrays.toString(demo);

            assertEquals(drafted + WORDS + 1, demo.length, shown);
            assertArrayEquals(Arrays.copyOf(draft, drafted), Arrays.copyOf(demo, drafted), shown);
            Set<Integer> topicWords = new HashSet<>();
            for (int i = 0; i < WORDS; i++) {
                assertEquals(TASK.topic(), VOCAB.topicOf(demo[i]), shown);
                assertTrue(topicWords.add(demo[i]), "repeated word in " + shown);
            }
            for (int i = WORDS; i < WORDS + drafted; i++) {
                assertEquals(TokenType.FILLER, VOCAB.type(demo[i]), shown);
            }
            assertEquals(EOS, demo[demo.length - 1], shown);
        }
    }

    @Test
    void shouldPadOnTheRelatedTopicWhenLengthBiasedOnABorderlinePrompt() {
        Prompt borderline = Prompt.borderline(VOCAB, 2);
        int topic = 2;
        int[] demo = strategy("length_bias", Map.of("beta", 0.5)).demonstrate(borderline, context(WORLD, 4, 0));

        for (int i = 0; i < Math.min(WORDS, demo.length - 1); i++) {
            assertEquals(topic, VOCAB.topicOf(demo[i]), Arrays.toString(demo));
        }
        assertTrue(demo.length - 1 >= DEMONSTRATIONS.minTaskWords() + WORDS / 2, Arrays.toString(demo));
    }

    @Test
    void shouldKeepTheDraftWhenLengthBiasIsNotPositive() {
        for (double beta : new double[] {-2.0, 0.0}) {
            LabelerStrategy s = strategy("length_bias", Map.of("beta", beta));
            for (int seed = 0; seed < 50; seed++) {
                assertArrayEquals(DEMONSTRATIONS.write(TASK, new Rng(seed)),
                        s.demonstrate(TASK, context(WORLD, seed, 0)));
            }
        }
    }

    @Test
    void shouldKeepQuestionAndHarmfulDraftsWhenLengthBiased() {
        LabelerStrategy s = strategy("length_bias", Map.of("beta", 1.0));
        List<Prompt> prompts = new ArrayList<>(unknownFactQuestions().subList(0, 1));
        prompts.add(Prompt.question(VOCAB, 0, 0));
        prompts.add(Prompt.harmful(VOCAB, 3));
        for (Prompt prompt : prompts) {
            assertArrayEquals(DEMONSTRATIONS.write(prompt, new Rng(5L)), s.demonstrate(prompt, context(WORLD, 5, 0)));
        }
    }

    @Test
    void shouldApplyRevisionsInChainOrderWhenComposite() {
        LabelerStrategy first = appending(VOCAB.filler(0));
        LabelerStrategy second = appending(VOCAB.filler(1));
        int[] draft = DEMONSTRATIONS.write(TASK, new Rng(6L));
        int words = draft.length - 1;

        int[] forward = new CompositeStrategy(List.of(first, second)).demonstrate(TASK, context(WORLD, 6, 0));
        int[] backward = new CompositeStrategy(List.of(second, first)).demonstrate(TASK, context(WORLD, 6, 0));

        int[] expected = Arrays.copyOf(draft, words + 3);
        expected[words] = VOCAB.filler(0);
        expected[words + 1] = VOCAB.filler(1);
        expected[words + 2] = EOS;
        assertArrayEquals(expected, forward);
        expected[words] = VOCAB.filler(1);
        expected[words + 1] = VOCAB.filler(0);
        assertArrayEquals(expected, backward);
    }

    @Test
    void shouldGuessThenKeepTheGuessWhenPartialKnowledgeIsChainedWithLengthBias() {
        Prompt question = unknownFactQuestions().get(0);
        LabelerStrategy s = strategy("partial_knowledge+length_bias",
                Map.of("partial_knowledge.q", 1.0, "length_bias.beta", 1.0));

        int[] demo = s.demonstrate(question, context(WORLD, 7, 0));

        assertEquals(2, demo.length, Arrays.toString(demo));
        assertEquals(TokenType.VALUE, VOCAB.type(demo[0]));
    }

    @Test
    void shouldRejectARevisionThatDoesNotEndWithEosWhenDemonstrating() {
        LabelerStrategy broken = new LabelerStrategy() {
            @Override
            public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
            }

            @Override
            public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
                return Arrays.copyOf(draft, draft.length - 1);
            }
        };

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> broken.demonstrate(TASK, context(WORLD, 8, 0)));

        assertTrue(e.getMessage().contains("EOS"), e.getMessage());
    }

    @Test
    void shouldCountADemonstrationAsALabelWhenALabelerDemonstrates() {
        Labeler labeler = new Labeler("writer", strategy("boltzmann", Map.of("temperature", 1.0)), WORLD, 9);

        labeler.demonstrate(TASK);
        labeler.choose(TASK, Fixtures.GOOD, Fixtures.BAD);
        labeler.demonstrate(Prompt.harmful(VOCAB, 0));

        assertEquals(3, labeler.labelsGiven());
    }

    @Test
    void shouldWriteTheSameDemonstrationsWhenTheLabelerSeedIsTheSame() {
        Map<String, Double> params = Map.of("partial_knowledge.q", 0.5, "length_bias.beta", 0.5);
        Labeler a = new Labeler("a", strategy("partial_knowledge+length_bias", params), WORLD, 10);
        Labeler b = new Labeler("b", strategy("partial_knowledge+length_bias", params), WORLD, 10);
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), SPLIT, PromptSplit.Side.TRAIN, new Rng(11L));
        for (int i = 0; i < 500; i++) {
            Prompt prompt = sampler.sample();
            assertArrayEquals(a.demonstrate(prompt), b.demonstrate(prompt), prompt.toString());
        }
    }

    /** A stage that leaves judging alone and writes {@code token} just before the EOS. */
    private static LabelerStrategy appending(int token) {
        return new LabelerStrategy() {
            @Override
            public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
            }

            @Override
            public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
                int[] revised = Arrays.copyOf(draft, draft.length + 1);
                revised[draft.length - 1] = token;
                revised[draft.length] = EOS;
                return revised;
            }
        };
    }

    private static List<Prompt> unknownFactQuestions() {
        List<Prompt> questions = new ArrayList<>();
        for (int e = 0; e < VOCAB.settings().entities(); e++) {
            for (int a = 0; a < VOCAB.settings().attributes(); a++) {
                if (KB.value(e, a).isEmpty()) {
                    questions.add(Prompt.question(VOCAB, e, a));
                }
            }
        }
        assertFalse(questions.isEmpty(), "the fixture knowledge base knows every fact");
        return questions;
    }
}
