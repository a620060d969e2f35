package dev.alignsim.actors.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.storage.ChatResponse;
import dev.alignsim.storage.ChatResponseCodec;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ppo stage on actors, on a tiny world: determinism, resume after a failure, and restarts of crashed roles. */
class RlhfStageTest {
    private static final long SEED = 5;
    private static final List<String> PIPELINE = List.of("sft", "label", "rm", "ppo");
    private static final int ITERATIONS = 4;

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;

    static RlhfSettings rlhf(Duration askTimeout) {
        SequencePpoSettings ppo = new SequencePpoSettings(1e-3, 1e-3, 2, 2, 0.2, 0.2, 0.0, 1.0, 1.0, 0.95, 1.0);
        return new RlhfSettings(ITERATIONS, 16, ppo, 0.05, true, 1.0, 1000, true, 2, 8, 8, 1, 2, 2, askTimeout, 3);
    }

    static Path run(Path out, FaultInjection faults, Duration askTimeout) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny rlhf", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.settings(SEED, PIPELINE), rlhf(askTimeout), faults, store, run, Device.cpu(), line -> { }).run();
        }
        return out;
    }

    /** Metrics lines without the fields that measure time. */
    static List<ObjectNode> withoutTiming(Path out) {
        List<ObjectNode> lines = new ArrayList<>();
        for (ObjectNode node : TinyChat.metricsWithoutTiming(out)) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                if (names.next().startsWith("perf/")) {
                    names.remove();
                }
            }
            lines.add(node);
        }
        return lines;
    }

    @BeforeAll
    static void runOnce() {
        uninterrupted = withoutTiming(run(dir.resolve("uninterrupted"), FaultInjection.none(), Duration.ofSeconds(60)));
    }

    @Test
    void shouldWriteOneMetricsLinePerIterationWhenThePipelineRunsPpo() {
        long ppoLines = uninterrupted.stream().filter(n -> n.path("stage").asText().equals("ppo")).count();
        assertEquals(ITERATIONS, ppoLines);
        ObjectNode last = uninterrupted.get(uninterrupted.size() - 2);
        ObjectNode summary = uninterrupted.get(uninterrupted.size() - 1);
        assertEquals("ppo-eval", summary.path("stage").asText());
        assertTrue(summary.has("reference/gold") && summary.has("final/gold") && summary.has("final/proxy"), summary.toString());
        for (String name : List.of("objective/gold", "objective/proxy", "objective/kl", "objective/kl_coef", "objective/entropy",
                "policy/approx_kl", "policy/clipfrac", "value/loss", "value/explained_variance", "rm/accuracy_gold",
                "labelers/agreement", "response/length")) {
            assertTrue(last.has(name), name + " in " + last);
        }
    }

    @Test
    void shouldStoreEachIterationsResponsesWithTokenColumnsWhenPpoRuns() {
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("uninterrupted"))) {
            List<ChatResponses> records = store.responses().range(0, Long.MAX_VALUE - 1);
            assertEquals(ITERATIONS, records.size());
            assertEquals(List.of(), store.experience().range(0, Long.MAX_VALUE - 1), "no control-world experience");
            ChatResponses first = records.get(0);
            assertEquals(16, first.getResponseLengthsCount(), "one entry per response");
            assertEquals(8, first.getMaxResponseTokens());
            for (ChatResponse response : ChatResponseCodec.decode(first)) {
                assertTrue(response.tokens().length >= 1 && response.tokens().length <= 8, "tokens " + response.tokens().length);
                assertEquals(response.tokens().length, response.logProbs().length, "one log-prob per token");
                assertEquals(Vocabulary.BOS, response.prompt()[0], "prompts start with BOS, unpadded");
            }
            // Comparisons of the labeling rounds (iterations 2 and 4) commit with their iteration: 8 prompts each.
            assertEquals(2 * 8, store.comparisons().range(first.getIteration(), Long.MAX_VALUE - 1).size());
        }
    }

    @Test
    void shouldGiveTheSameMetricsWhenSeedsAreTheSame() {
        assertEquals(uninterrupted, withoutTiming(run(dir.resolve("again"), FaultInjection.none(), Duration.ofSeconds(60))));
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenResumedAfterAFailure() {
        Path out = dir.resolve("failed");
        // The policy's 7th message is iteration 3's training (iterations 1-2 send generate, train, and a labeling
        // generate at 2): the run fails after the checkpoint of iteration 2.
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of("policy", 7)), Duration.ofSeconds(60)));
        assertTrue(failure.getMessage().contains("injected fault"), failure.getMessage());
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.settings(SEED, PIPELINE), rlhf(Duration.ofSeconds(60)), FaultInjection.none(), store,
                    RunDirectory.open(out), Device.cpu(), line -> { }).run();
        }
        assertEquals(uninterrupted, withoutTiming(out));
    }

    @ParameterizedTest
    @CsvSource({"critic, 3", "reward-model, 3", "labeler:rational, 1"})
    void shouldFinishTheRunWhenARestartableRoleCrashes(String role, int message) {
        FaultInjection faults = FaultInjection.crash(Map.of(role, message));
        Path out = run(dir.resolve("crash-" + role.replace(':', '-')), faults, Duration.ofSeconds(5));
        long ppoLines = withoutTiming(out).stream().filter(n -> n.path("stage").asText().equals("ppo")).count();
        assertEquals(ITERATIONS, ppoLines);
        assertTrue(faults.messagesSeen(role) > message, role + " saw " + faults.messagesSeen(role) + " messages: it was asked again after the crash");
    }
}
