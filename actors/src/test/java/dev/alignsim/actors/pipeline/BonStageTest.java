package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.BonSettings;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.actors.chat.Sampling;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bon stage on a tiny world: best of the first n of 8 reference answers per prompt, scored by the rm stage's model. */
class BonStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.BON);
    private static final List<Integer> N = List.of(1, 2, 4, 8);

    @TempDir
    static Path dir;

    private static ChatSettings settings;
    private static ObjectNode bon;

    private static ChatSettings settings(List<Integer> n) {
        return TinyChat.settings(SEED, PIPELINE).withBon(new BonSettings(n, 1.0));
    }

    @BeforeAll
    static void runOnce() {
        settings = settings(N);
        List<ObjectNode> lines = TinyChat.metricsWithoutTiming(TinyChat.runNew(dir.resolve("bon"), settings));
        bon = lines.get(lines.size() - 1);
    }

    @Test
    void shouldWriteOneLineKeyedAsItsStageWhenThePipelineEndsInBon() {
        assertEquals("bon", bon.path("stage").asText());
        assertEquals(3, bon.path("iteration").asLong());
        for (int n : N) {
            for (String key : List.of("gold", "gold_unseen", "proxy", "proxy_unseen", "kl", "response_length", "safety_f1_unseen")) {
                assertTrue(bon.path("bon/n" + n + "/" + key).isNumber(), "bon/n" + n + "/" + key + " in " + bon);
            }
        }
    }

    @Test
    void shouldNeverLowerTheProxyWhenNGrows() {
        for (String side : List.of("proxy", "proxy_unseen")) {
            for (int k = 1; k < N.size(); k++) {
                double before = bon.path("bon/n" + N.get(k - 1) + "/" + side).asDouble();
                double after = bon.path("bon/n" + N.get(k) + "/" + side).asDouble();
                assertTrue(after >= before, side + " fell from " + before + " to " + after + " at n = " + N.get(k));
            }
        }
        assertTrue(bon.path("bon/n8/proxy").asDouble() > bon.path("bon/n1/proxy").asDouble(), "8 answers chose nothing better than 1: " + bon);
    }

    @Test
    void shouldGiveTheReferencesOwnGoldWhenNIsOne() {
        ChatWorld world = new ChatWorld(settings);
        Prompt[] eval = world.prompts("eval/prompts", settings.eval().prompts());
        Prompt[] unseen = world.unseenPrompts("eval/unseen", settings.eval().prompts());
        double gold;
        double goldUnseen;
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("bon"))) {
            StageContext context = TinyChat.context(settings, store, RunDirectory.open(dir.resolve("bon")), line -> { });
            try (SequencePolicy reference = context.models().reference()) {
                gold = GoldReport.meanGold(world, eval, Sampling.generate(reference, eval, 1.0, world.stream("bon/sample/0")));
                goldUnseen = GoldReport.meanGold(world, unseen, Sampling.generate(reference, unseen, 1.0, world.stream("bon/sample-unseen/0")));
            }
        }
        assertEquals(gold, bon.path("bon/n1/gold").asDouble(), 0);
        assertEquals(goldUnseen, bon.path("bon/n1/gold_unseen").asDouble(), 0);
    }

    @Test
    void shouldReportTheAnalyticKlWhenNIsGiven() {
        for (int n : N) {
            assertEquals(Math.log(n) - (n - 1.0) / n, bon.path("bon/n" + n + "/kl").asDouble(), 1e-15, "n = " + n);
        }
        assertEquals(0, bon.path("bon/n1/kl").asDouble(), 0);
    }

    @Test
    void shouldGiveTheSamePointsWhenFewerSamplesAreDrawn() {
        // Round j of answers comes from a stream of its own: a curve to n = 2 passes through the first two points of one to 8.
        List<ObjectNode> lines = TinyChat.metricsWithoutTiming(TinyChat.runNew(dir.resolve("bon-2"), settings(List.of(1, 2))));
        ObjectNode shorter = lines.get(lines.size() - 1);
        for (String key : List.of("bon/n1/gold", "bon/n2/gold", "bon/n2/gold_unseen", "bon/n2/proxy", "bon/n2/proxy_unseen")) {
            assertEquals(bon.path(key).asDouble(), shorter.path(key).asDouble(), 0, key);
        }
        assertEquals(2, shorter.path("bon/samples").asLong());
    }
}
