package dev.alignsim.env.labelers;

import static dev.alignsim.env.labelers.Fixtures.BAD;
import static dev.alignsim.env.labelers.Fixtures.FREE_LENGTH_WORLD;
import static dev.alignsim.env.labelers.Fixtures.GOOD;
import static dev.alignsim.env.labelers.Fixtures.KB;
import static dev.alignsim.env.labelers.Fixtures.TASK;
import static dev.alignsim.env.labelers.Fixtures.VOCAB;
import static dev.alignsim.env.labelers.Fixtures.WORLD;
import static dev.alignsim.env.labelers.Fixtures.agreement;
import static dev.alignsim.env.labelers.Fixtures.context;
import static dev.alignsim.env.labelers.Fixtures.sigmoid;
import static dev.alignsim.env.labelers.Fixtures.strategy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInStrategiesTest {

    private static final int N = 20_000;
    /** Four standard errors of a proportion near 1/2 over N draws, rounded up: 0.014; 0.02 leaves margin. */
    private static final double TOL = 0.02;
    private static final double GAP = 1.96;

    @Test
    void shouldAgreeWithGoldAtTheBradleyTerryRateWhenBoltzmannHasUnitTemperature() {
        double rate = agreement(strategy("boltzmann", Map.of("temperature", 1.0)), context(WORLD, 1, 0), TASK,
                GOOD, BAD, N);

        assertEquals(sigmoid(GAP), rate, TOL);
    }

    @Test
    void shouldAlmostAlwaysAgreeWithGoldWhenBoltzmannTemperatureIsLow() {
        double rate = agreement(strategy("boltzmann", Map.of("temperature", 0.1)), context(WORLD, 2, 0), TASK,
                GOOD, BAD, N);

        assertTrue(rate > 0.98, "agreement " + rate);
    }

    @Test
    void shouldAgreeWithGoldNearHalfTheTimeWhenBoltzmannTemperatureIsHigh() {
        double rate = agreement(strategy("boltzmann", Map.of("temperature", 100.0)), context(WORLD, 3, 0), TASK,
                GOOD, BAD, N);

        assertEquals(0.5, rate, TOL);
    }

    @Test
    void shouldAgreeWithGoldThreeQuartersOfTheTimeWhenFlipProbabilityIsAQuarter() {
        double rate = agreement(strategy("flip", Map.of("p", 0.25)), context(WORLD, 4, 0), TASK, GOOD, BAD, N);

        assertEquals(0.75, rate, TOL);
    }

    @Test
    void shouldFlipTheInnerStrategysLabelsWhenFlipWrapsBoltzmann() {
        double inner = sigmoid(GAP);
        double rate = agreement(strategy("boltzmann+flip", Map.of("boltzmann.temperature", 1.0, "flip.p", 0.2)),
                context(WORLD, 5, 0), TASK, GOOD, BAD, N);

        assertEquals(0.6 * inner + 0.4 * 0.5, rate, TOL);
    }

    @Test
    void shouldAgreeWithGoldAtOneMinusHalfQWhenInattentive() {
        double rate = agreement(strategy("inattention", Map.of("q", 0.4)), context(WORLD, 6, 0), TASK, GOOD, BAD, N);

        assertEquals(0.8, rate, TOL);
    }

    @Test
    void shouldPreferTheLongerOfEqualGoldResponsesWhenLengthBiasIsLarge() {
        Prompt task = TASK;
        int[] shortAnswer = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), Vocabulary.EOS};
        int[] longAnswer = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), VOCAB.filler(0), VOCAB.filler(1),
            VOCAB.filler(2), Vocabulary.EOS};
        LabelingContext ctx = context(FREE_LENGTH_WORLD, 7, 0);
        assertEquals(ctx.gold(task, shortAnswer).total(), ctx.gold(task, longAnswer).total(), 1e-12);

        double biased = agreement(strategy("length_bias+boltzmann",
                Map.of("length_bias.beta", 2.0, "boltzmann.temperature", 1.0)), ctx, task, longAnswer, shortAnswer, N);
        double unbiased = agreement(strategy("length_bias+boltzmann",
                Map.of("length_bias.beta", 0.0, "boltzmann.temperature", 1.0)), ctx, task, longAnswer, shortAnswer, N);

        assertTrue(biased > 0.9, "biased " + biased);
        assertEquals(0.5, unbiased, TOL);
    }

    @Test
    void shouldPreferTheFirstPresentedAtTheLogisticRateWhenPositionBiasedOverEqualResponses() {
        LabelerStrategy s = strategy("position_bias+boltzmann",
                Map.of("position_bias.bonus", 1.0, "boltzmann.temperature", 1.0));
        LabelingContext ctx = context(WORLD, 8, 0);
        int first = 0;
        for (int i = 0; i < N; i++) {
            first += s.choose(TASK, GOOD.clone(), GOOD.clone(), ctx) == 0 ? 1 : 0;
        }

        assertEquals(sigmoid(1.0), first / (double) N, TOL);
    }

    @Test
    void shouldAgreeLessWithGoldWhenFatiguedLabelerHasGivenMoreLabels() {
        LabelerStrategy s = strategy("fatigue", Map.of("t0", 0.5, "rate", 0.001));

        double fresh = agreement(s, context(WORLD, 9, 0), TASK, GOOD, BAD, N);
        double tired = agreement(s, context(WORLD, 9, 10_000), TASK, GOOD, BAD, N);

        assertEquals(sigmoid(GAP / 0.5), fresh, TOL);
        assertEquals(sigmoid(GAP / 5.5), tired, TOL);
        assertTrue(fresh > tired + 0.2, "fresh " + fresh + " tired " + tired);
    }

    @Test
    void shouldTireAsItLabelsWhenAFatiguedLabelerCountsItsOwnLabels() {
        Labeler labeler = new Labeler("tired", strategy("fatigue", Map.of("t0", 0.5, "rate", 0.002)), WORLD, 10);
        int earlyAgree = 0;
        int lateAgree = 0;
        for (int i = 0; i < 2 * N; i++) {
            boolean agree = labeler.choose(TASK, GOOD, BAD) == 0;
            if (i < 2_000) {
                earlyAgree += agree ? 1 : 0;
            } else if (i >= 2 * N - 2_000) {
                lateAgree += agree ? 1 : 0;
            }
        }

        assertEquals(2L * N, labeler.labelsGiven());
        assertTrue(earlyAgree > lateAgree + 300, "early " + earlyAgree + " late " + lateAgree);
    }

    @Test
    void shouldPreferTheShorterAnswerWhenPersonaWeighsOnlyLength() {
        LabelerStrategy s = strategy("persona", Map.of("coverage", 0.0, "correctness", 0.0, "hallucination", 0.0,
                "safety", 0.0, "overRefusal", 0.0, "length", 1.0));

        double rate = agreement(s, context(WORLD, 11, 0), TASK, BAD, GOOD, 1_000);

        assertEquals(1.0, rate);
    }

    @Test
    void shouldPerceiveTheGoldTotalWhenPersonaUsesDefaultWeights() {
        LabelerStrategy s = strategy("persona", Map.of());
        LabelingContext ctx = context(WORLD, 12, 0);

        assertEquals(ctx.gold(TASK, GOOD).total(), s.score(TASK, GOOD, ctx), 1e-12);
        assertEquals(ctx.gold(TASK, BAD).total(), s.score(TASK, BAD, ctx), 1e-12);
    }

    @Test
    void shouldPreferAConfidentWrongValueToUnsureWhenThePartialKnowledgeLabelerNeverKnows() {
        Prompt question = unknownFactQuestion();
        int[] unsure = {Vocabulary.UNSURE, Vocabulary.EOS};
        int[] wrongValue = {VOCAB.value(0), Vocabulary.EOS};
        LabelingContext ctx = context(WORLD, 13, 0);
        assertTrue(ctx.gold(question, unsure).total() > ctx.gold(question, wrongValue).total());

        double ignorant = agreement(strategy("partial_knowledge", Map.of("q", 1.0)), ctx, question, wrongValue,
                unsure, 1_000);
        double knowing = agreement(strategy("partial_knowledge", Map.of("q", 0.0)), ctx, question, unsure,
                wrongValue, 1_000);

        assertEquals(1.0, ignorant);
        assertEquals(1.0, knowing);
    }

    @Test
    void shouldNotKnowAFactAtRateQAcrossLabelersAndKeepEachLabelersKnowledgeFixed() {
        Prompt question = unknownFactQuestion();
        int[] unsure = {Vocabulary.UNSURE, Vocabulary.EOS};
        int[] wrongValue = {VOCAB.value(0), Vocabulary.EOS};
        LabelerStrategy s = strategy("partial_knowledge", Map.of("q", 0.3));
        int labelers = 4_000;
        int preferValue = 0;
        for (int seed = 0; seed < labelers; seed++) {
            LabelingContext ctx = context(WORLD, seed, 0);
            int first = s.choose(question, wrongValue, unsure, ctx);
            for (int again = 0; again < 5; again++) {
                assertEquals(first, s.choose(question, wrongValue, unsure, ctx), "labeler " + seed + " changed");
            }
            preferValue += first == 0 ? 1 : 0;
        }

        assertEquals(0.3, preferValue / (double) labelers, 0.03);
    }

    @Test
    void shouldReturnAPermutationWhenRankingKResponses() {
        LabelerStrategy s = strategy("persona+length_bias+position_bias+boltzmann+flip",
                Map.of("length_bias.beta", 0.1, "position_bias.bonus", 0.3, "boltzmann.temperature", 0.5,
                        "flip.p", 0.1));
        Rng gen = new Rng(14);
        LabelingContext ctx = context(WORLD, 15, 0);
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + gen.nextInt(8);
            int[][] responses = new int[k][];
            for (int i = 0; i < k; i++) {
                responses[i] = randomResponse(gen);
            }
            int[] ranking = s.rank(TASK, responses, ctx);
            int[] sorted = ranking.clone();
            Arrays.sort(sorted);
            int[] identity = new int[k];
            Arrays.setAll(identity, i -> i);
            assertArrayEquals(identity, sorted, "ranking " + Arrays.toString(ranking));
        }
    }

    @Test
    void shouldRankByGoldWhenBoltzmannIsNoiseless() {
        LabelerStrategy s = strategy("boltzmann", Map.of("temperature", 0.0));
        int[] one = BAD;
        int[] two = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), Vocabulary.EOS};
        int[] three = GOOD;
        int[] refusal = {Vocabulary.CANNOT, Vocabulary.EOS};

        int[] ranking = s.rank(TASK, new int[][] {refusal, two, three, one}, context(WORLD, 16, 0));

        assertArrayEquals(new int[] {2, 1, 3, 0}, ranking);
    }

    @Test
    void shouldGiveTheSameLabelsWhenTheSeedIsTheSame() {
        LabelerStrategy s = strategy("boltzmann", Map.of("temperature", 1.0));
        LabelingContext a = context(WORLD, 17, 0);
        LabelingContext b = context(WORLD, 17, 0);
        for (int i = 0; i < 500; i++) {
            assertEquals(s.score(TASK, GOOD, a), s.score(TASK, GOOD, b));
        }
    }

    private static int[] randomResponse(Rng gen) {
        int length = gen.nextInt(6);
        int[] response = new int[length + 1];
        for (int i = 0; i < length; i++) {
            response[i] = VOCAB.topicWord(3, gen.nextInt(8));
        }
        response[length] = Vocabulary.EOS;
        return response;
    }

    private static Prompt unknownFactQuestion() {
        for (int e = 0; e < VOCAB.settings().entities(); e++) {
            for (int a = 0; a < VOCAB.settings().attributes(); a++) {
                if (KB.value(e, a).isEmpty()) {
                    return Prompt.question(VOCAB, e, a);
                }
            }
        }
        throw new AssertionError("the fixture knowledge base knows every fact");
    }
}
