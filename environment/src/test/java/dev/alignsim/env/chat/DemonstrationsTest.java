package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import java.util.Arrays;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemonstrationsTest {
    private static final PromptSplit SPLIT = new PromptSplit(0.2, 1L);

    private static final int EOS = Vocabulary.EOS;

    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);
    private final Demonstrations demonstrations = new Demonstrations(VOCAB, KB);
    private final GoldUtility gold = new GoldUtility(VOCAB, KB, GoldWeights.defaults());
    private final Rendering rendering = new Rendering(VOCAB);

    @Test
    void shouldEndEveryDemonstrationWithEosWhenWritingForSampledPrompts() {
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), SPLIT, PromptSplit.Side.TRAIN, new Rng(1L));
        Rng rng = new Rng(2L);
        for (int i = 0; i < 2_000; i++) {
            Prompt prompt = sampler.sample();
            int[] demo = demonstrations.write(prompt, rng);

            assertEquals(EOS, demo[demo.length - 1], rendering.render(prompt, demo));
            assertEquals(demo.length - 1, indexOfFirstEos(demo), rendering.render(prompt, demo));
        }
    }

    @Test
    void shouldWriteExactlySorryCannotEosWhenPromptIsHarmful() {
        Rng rng = new Rng(3L);
        for (int category = 0; category < VOCAB.settings().harmCategories(); category++) {
            assertArrayEquals(new int[] {Vocabulary.SORRY, Vocabulary.CANNOT, EOS},
                    demonstrations.write(Prompt.harmful(VOCAB, category), rng));
        }
    }

    @Test
    void shouldAnswerTheKnownValueWhenTheKnowledgeBaseKnowsTheFact() {
        Rng rng = new Rng(4L);
        int checked = 0;
        for (int e = 0; e < VOCAB.settings().entities(); e++) {
            for (int a = 0; a < VOCAB.settings().attributes(); a++) {
                OptionalInt known = KB.value(e, a);
                if (known.isPresent()) {
                    assertArrayEquals(new int[] {VOCAB.value(known.getAsInt()), EOS},
                            demonstrations.write(Prompt.question(VOCAB, e, a), rng));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "the fixture knowledge base knows no fact");
    }

    @Test
    void shouldAnswerUnsureWhenTheKnowledgeBaseDoesNotKnowTheFact() {
        Rng rng = new Rng(5L);
        int checked = 0;
        for (int e = 0; e < VOCAB.settings().entities(); e++) {
            for (int a = 0; a < VOCAB.settings().attributes(); a++) {
                if (KB.value(e, a).isEmpty()) {
                    assertArrayEquals(new int[] {Vocabulary.UNSURE, EOS},
                            demonstrations.write(Prompt.question(VOCAB, e, a), rng));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "the fixture knowledge base knows every fact");
    }

    @Test
    void shouldWriteDistinctWordsOfTheTopicWithinTheStatedRangeWhenPromptIsATask() {
        Rng rng = new Rng(6L);
        for (int i = 0; i < 2_000; i++) {
            int topic = i % VOCAB.settings().topics();
            int[] demo = demonstrations.write(Prompt.task(VOCAB, topic), rng);

            assertDistinctTopicWords(topic, demo);
        }
    }

    @Test
    void shouldWriteDistinctWordsOfTheRelatedTopicWhenPromptIsBorderline() {
        Rng rng = new Rng(7L);
        for (int i = 0; i < 2_000; i++) {
            int category = i % VOCAB.settings().harmCategories();
            int[] demo = demonstrations.write(Prompt.borderline(VOCAB, category), rng);

            assertDistinctTopicWords(category, demo);
        }
    }

    @Test
    void shouldDrawEveryTaskLengthUniformlyFromHalfToAllTopicWordsWhenSampledOverManySeeds() {
        int min = demonstrations.minTaskWords();
        int max = demonstrations.maxTaskWords();
        int[] counts = new int[max + 1];
        int n = 20_000;
        for (int seed = 0; seed < n; seed++) {
            counts[demonstrations.write(Prompt.task(VOCAB, 2), new Rng(seed)).length - 1]++;
        }

        double p = 1.0 / (max - min + 1);
        // Four standard errors of a proportion p over n draws.
        double tolerance = 4 * Math.sqrt(p * (1 - p) / n);
        for (int length = 0; length <= max; length++) {
            double expected = length >= min ? p : 0.0;
            assertEquals(expected, counts[length] / (double) n, tolerance, "length " + length + " of "
                    + Arrays.toString(counts));
        }
    }

    @Test
    void shouldRoundTheShortestTaskAnswerUpWhenWordsPerTopicIsOdd() {
        Vocabulary odd = new Vocabulary(ChatWorldSettings.of(3, 5, 4, 2, 4, 2, 4));
        Demonstrations writer = new Demonstrations(odd, KnowledgeBase.generate(odd, 0.5, 1L));
        int shortest = Integer.MAX_VALUE;
        for (int seed = 0; seed < 500; seed++) {
            shortest = Math.min(shortest, writer.write(Prompt.task(odd, 0), new Rng(seed)).length - 1);
        }

        assertEquals(3, writer.minTaskWords());
        assertEquals(3, shortest);
    }

    @Test
    void shouldScoreFarAboveRandomResponsesOfTheSameLengthsWhenJudgedByGold() {
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), SPLIT, PromptSplit.Side.TRAIN, new Rng(8L));
        Rng rng = new Rng(9L);
        Rng noise = new Rng(10L);
        int n = 4_000;
        double demoSum = 0.0;
        double randomSum = 0.0;
        for (int i = 0; i < n; i++) {
            Prompt prompt = sampler.sample();
            int[] demo = demonstrations.write(prompt, rng);
            demoSum += gold.score(prompt, demo).total();
            randomSum += gold.score(prompt, randomResponse(demo.length - 1, noise)).total();
        }
        double demoMean = demoSum / n;
        double randomMean = randomSum / n;

        // The means are about 4.0 and -1.6, each with a standard deviation near 2.1, so a standard error near
        // 0.035 over 4000 prompts: a margin of 4 is far outside sampling error yet well inside the real gap.
        assertTrue(demoMean > randomMean + 4.0, "demonstrations " + demoMean + " random " + randomMean);
    }

    @Test
    void shouldWriteTheSameDemonstrationsWhenTheSeedIsTheSame() {
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), SPLIT, PromptSplit.Side.TRAIN, new Rng(11L));
        Rng a = new Rng(12L);
        Rng b = new Rng(12L);
        for (int i = 0; i < 500; i++) {
            Prompt prompt = sampler.sample();
            assertArrayEquals(demonstrations.write(prompt, a), demonstrations.write(prompt, b));
        }
    }

    @Test
    void shouldRejectAPromptFromALargerWorldWhenItsTopicIsOutOfRange() {
        Vocabulary larger = new Vocabulary(ChatWorldSettings.of(20, 8, 16, 4, 16, 4, 16));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> demonstrations.write(Prompt.task(larger, 19), new Rng(13L)));

        assertTrue(e.getMessage().contains("topic"), e.getMessage());
    }

    /** A response of {@code length} tokens drawn uniformly from every id but EOS, then EOS. */
    private static int[] randomResponse(int length, Rng rng) {
        int[] response = new int[length + 1];
        for (int i = 0; i < length; i++) {
            int id = rng.nextInt(VOCAB.size() - 1);
            response[i] = id >= EOS ? id + 1 : id;
        }
        response[length] = EOS;
        return response;
    }

    private void assertDistinctTopicWords(int topic, int[] demo) {
        String shown = rendering.render(demo);
        int words = demo.length - 1;
        assertEquals(EOS, demo[words], shown);
        assertTrue(words >= demonstrations.minTaskWords() && words <= demonstrations.maxTaskWords(), shown);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < words; i++) {
            assertEquals(topic, VOCAB.topicOf(demo[i]), shown);
            assertTrue(seen.add(demo[i]), "repeated word in " + shown);
        }
    }

    private static int indexOfFirstEos(int[] response) {
        for (int i = 0; i < response.length; i++) {
            if (response[i] == EOS) {
                return i;
            }
        }
        return -1;
    }
}
