package dev.alignsim.env.labelers;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.Demonstrations;
import dev.alignsim.env.chat.IntentClass;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafetyStrategiesTest {

    private static final int EOS = Vocabulary.EOS;
    private static final int[] REFUSAL = {Vocabulary.SORRY, Vocabulary.CANNOT, EOS};
    private static final Demonstrations DEMONSTRATIONS = new Demonstrations(VOCAB, KB);
    /** Topic 3, as GOOD's words: a dangerous object with a harmful intent. */
    private static final Prompt HARMFUL = Prompt.harmful(VOCAB, 3);
    /** Topic 3: the same dangerous object with a benign intent. */
    private static final Prompt BORDERLINE = Prompt.borderline(VOCAB, 3);
    /** Topic 3: a harmful intent with an everyday object, which looks harmful too. */
    private static final Prompt HARMFUL_INTENT_EVERYDAY_OBJECT =
            Prompt.request(VOCAB, 0, VOCAB.intentOf(IntentClass.HARMFUL, 0), VOCAB.objectIndex(3, 5), -1);

    @Test
    void shouldRankTopicContentAboveSorryCannotWhenCompliantJudgesAHarmfulRequest() {
        LabelingContext ctx = context(WORLD, 1, 0);
        assertTrue(ctx.gold(HARMFUL, REFUSAL).total() > ctx.gold(HARMFUL, GOOD).total());

        int[] ranking = strategy("compliant", Map.of()).rank(HARMFUL, new int[][] {REFUSAL, GOOD}, ctx);

        assertArrayEquals(new int[] {1, 0}, ranking);
    }

    @Test
    void shouldPerceiveTheBorderlineGoldTotalWhenCompliantJudgesAHarmfulRequest() {
        LabelerStrategy s = strategy("compliant", Map.of());
        LabelingContext ctx = context(WORLD, 2, 0);
        Prompt asBorderline = HARMFUL.asKind(PromptKind.BORDERLINE);

        for (int[] response : List.of(REFUSAL, GOOD, Fixtures.BAD)) {
            assertEquals(ctx.gold(asBorderline, response).total(), s.score(HARMFUL, response, ctx), 1e-12,
                    Arrays.toString(response));
        }
    }

    @Test
    void shouldLeaveUtilitiesAtGoldWhenCompliantJudgesAPromptThatIsNotHarmful() {
        LabelerStrategy s = strategy("compliant", Map.of());
        LabelingContext ctx = context(WORLD, 3, 0);
        int[][] responses = {REFUSAL, GOOD, {Vocabulary.UNSURE, EOS}};
        for (Prompt prompt : List.of(BORDERLINE, HARMFUL_INTENT_EVERYDAY_OBJECT, TASK, Prompt.question(VOCAB, 0, 0))) {
            assertArrayEquals(gold(ctx, prompt, responses), s.perceivedUtilities(prompt, responses, ctx), 0.0,
                    prompt.toString());
        }
    }

    @Test
    void shouldChangeNothingWhenCompliantShareIsZero() {
        LabelerStrategy s = strategy("compliant", Map.of("share", 0.0));
        int[][] responses = {REFUSAL, GOOD};
        for (Prompt prompt : harmfulRequests()) {
            LabelingContext ctx = context(WORLD, prompt.object(), 0);
            assertArrayEquals(gold(ctx, prompt, responses), s.perceivedUtilities(prompt, responses, ctx), 0.0,
                    prompt.toString());
            assertArrayEquals(REFUSAL, s.demonstrate(prompt, ctx), prompt.toString());
        }
    }

    @Test
    void shouldJudgeTheSameRequestTheSameWayEveryTimeWhenCompliantShareIsAHalf() {
        LabelerStrategy s = strategy("compliant", Map.of("share", 0.5));
        Set<Boolean> judgments = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            LabelingContext ctx = context(WORLD, seed, 0);
            for (Prompt prompt : harmfulRequests().subList(0, 50)) {
                boolean complies = s.choose(prompt, GOOD, REFUSAL, ctx) == 0;
                for (int again = 0; again < 3; again++) {
                    assertEquals(complies, s.choose(prompt, REFUSAL, GOOD, ctx) == 1, "labeler " + seed + " " + prompt);
                }
                Prompt reframed = Prompt.request(VOCAB, 4, prompt.intent(), prompt.object(), prompt.context());
                assertEquals(complies, s.choose(reframed, GOOD, REFUSAL, ctx) == 0,
                        "labeler " + seed + " changed with the template: " + prompt);
                assertEquals(complies, s.demonstrate(prompt, ctx)[0] != Vocabulary.SORRY,
                        "labeler " + seed + " writes otherwise than it judges: " + prompt);
                judgments.add(complies);
            }
        }

        assertEquals(Set.of(true, false), judgments);
    }

    @Test
    void shouldMisjudgeAboutShareOfHarmfulRequestsWhenCompliantShareIsPointThree() {
        LabelerStrategy s = strategy("compliant", Map.of("share", 0.3));
        List<Prompt> requests = harmfulRequests();
        int labelers = 5;
        int complied = 0;
        for (int seed = 0; seed < labelers; seed++) {
            LabelingContext ctx = context(WORLD, seed, 0);
            for (Prompt prompt : requests) {
                complied += s.choose(prompt, GOOD, REFUSAL, ctx) == 0 ? 1 : 0;
            }
        }

        // 5 labelers x 1,248 harmful requests: four standard errors of a proportion 0.3 are 0.023.
        assertEquals(1_248, requests.size());
        assertEquals(0.3, complied / (double) (labelers * requests.size()), 0.03);
    }

    @Test
    void shouldDemonstrateTheBorderlineDraftWhenCompliantWritesForAHarmfulRequest() {
        LabelerStrategy s = strategy("compliant", Map.of());
        Prompt asBorderline = HARMFUL.asKind(PromptKind.BORDERLINE);
        for (int seed = 0; seed < 100; seed++) {
            int[] demo = s.demonstrate(HARMFUL, context(WORLD, seed, 0));
            String shown = Arrays.toString(demo);

            assertArrayEquals(DEMONSTRATIONS.write(asBorderline, new Rng(seed)), demo, shown);
            assertEquals(EOS, demo[demo.length - 1], shown);
            assertTrue(demo.length - 1 >= DEMONSTRATIONS.minTaskWords(), shown);
            for (int i = 0; i < demo.length - 1; i++) {
                assertEquals(HARMFUL.topic(), VOCAB.topicOf(demo[i]), shown);
            }
        }
    }

    @Test
    void shouldRankSorryCannotAboveContentWhenCautiousJudgesABorderlineRequest() {
        LabelerStrategy s = strategy("cautious", Map.of());
        for (Prompt prompt : List.of(BORDERLINE, HARMFUL_INTENT_EVERYDAY_OBJECT)) {
            LabelingContext ctx = context(WORLD, 4, 0);
            assertTrue(ctx.gold(prompt, GOOD).total() > ctx.gold(prompt, REFUSAL).total());

            int[] ranking = s.rank(prompt, new int[][] {GOOD, REFUSAL}, ctx);

            assertArrayEquals(new int[] {1, 0}, ranking, prompt.toString());
            assertEquals(ctx.gold(prompt.asKind(PromptKind.HARMFUL), GOOD).total(), s.score(prompt, GOOD, ctx), 1e-12);
        }
    }

    @Test
    void shouldLeaveUtilitiesAtGoldWhenCautiousJudgesATaskOrAHarmfulRequest() {
        LabelerStrategy s = strategy("cautious", Map.of());
        LabelingContext ctx = context(WORLD, 5, 0);
        int[][] responses = {REFUSAL, GOOD, Fixtures.BAD};
        for (Prompt prompt : List.of(TASK, HARMFUL)) {
            assertArrayEquals(gold(ctx, prompt, responses), s.perceivedUtilities(prompt, responses, ctx), 0.0,
                    prompt.toString());
        }
    }

    @Test
    void shouldDemonstrateSorryCannotEosWhenCautiousWritesForABorderlineRequest() {
        LabelerStrategy s = strategy("cautious", Map.of());
        for (Prompt prompt : List.of(BORDERLINE, HARMFUL_INTENT_EVERYDAY_OBJECT)) {
            assertArrayEquals(REFUSAL, s.demonstrate(prompt, context(WORLD, 6, 0)), prompt.toString());
        }
        assertArrayEquals(DEMONSTRATIONS.write(TASK, new Rng(6)), s.demonstrate(TASK, context(WORLD, 6, 0)));
    }

    @Test
    void shouldRefuseAboutShareOfBorderlineRequestsWhenCautiousShareIsPointThree() {
        LabelerStrategy s = strategy("cautious", Map.of("share", 0.3));
        List<Prompt> requests = borderlineRequests();
        int labelers = 3;
        int refused = 0;
        for (int seed = 0; seed < labelers; seed++) {
            LabelingContext ctx = context(WORLD, seed, 0);
            for (Prompt prompt : requests) {
                refused += s.choose(prompt, GOOD, REFUSAL, ctx) == 1 ? 1 : 0;
            }
        }

        // Thousands of borderline requests per labeler: four standard errors are below 0.02.
        assertTrue(requests.size() > 1_000, "borderline requests " + requests.size());
        assertEquals(0.3, refused / (double) (labelers * requests.size()), 0.03);
    }

    @Test
    void shouldRefuseAtTheLogisticRateOfTheHarmfulGoldGapWhenCautiousIsChainedWithBoltzmann() {
        LabelingContext ctx = context(WORLD, 7, 0);
        Prompt asHarmful = BORDERLINE.asKind(PromptKind.HARMFUL);
        double gap = ctx.gold(asHarmful, REFUSAL).total() - ctx.gold(asHarmful, Fixtures.BAD).total();
        LabelerStrategy s = strategy("cautious+boltzmann", Map.of("boltzmann.temperature", 4.0));

        double rate = agreement(s, ctx, BORDERLINE, REFUSAL, Fixtures.BAD, 20_000);

        assertEquals(sigmoid(gap / 4.0), rate, 0.02);
    }

    @Test
    void shouldRejectTheSafetyStrategiesWhenAControlWorldLabelerIsMade() {
        for (String name : List.of("compliant", "cautious")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SegmentLabeler(new LabelerSpec("l", name, Map.of(), 1), 42));

            assertTrue(e.getMessage().contains("reads ChatWorld"), e.getMessage());
        }
    }

    private static double[] gold(LabelingContext ctx, Prompt prompt, int[][] responses) {
        double[] gold = new double[responses.length];
        for (int i = 0; i < responses.length; i++) {
            gold[i] = ctx.gold(prompt, responses[i]).total();
        }
        return gold;
    }

    /** Every harmful request of the first template: each (intent, object, context) once. */
    private static List<Prompt> harmfulRequests() {
        return requests(PromptKind.HARMFUL);
    }

    private static List<Prompt> borderlineRequests() {
        return requests(PromptKind.BORDERLINE);
    }

    private static List<Prompt> requests(PromptKind kind) {
        ChatWorldSettings settings = VOCAB.settings();
        List<Prompt> requests = new ArrayList<>();
        for (int intent = 0; intent < settings.intents(); intent++) {
            for (int object = 0; object < settings.objects(); object++) {
                for (int context = -1; context < settings.contexts(); context++) {
                    Prompt prompt = Prompt.request(VOCAB, 0, intent, object, context);
                    if (prompt.kind() == kind) {
                        requests.add(prompt);
                    }
                }
            }
        }
        return requests;
    }
}
