package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RoleNames;
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
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ppo stage on actors, on a tiny world: determinism, resume after a failure, and restarts of crashed roles. */
class RlhfStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = List.of(StageName.values());
    private static final int ITERATIONS = 4;

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;
    /** How many messages each role received in the uninterrupted run. */
    private static FaultInjection uninterruptedMessages;

    static RlhfSettings rlhf(int maxRecoveries) {
        SequencePpoSettings ppo = new SequencePpoSettings(1e-3, 1e-3, 2, 2, 0.2, 0.2, 0.0, 1.0, 1.0, 0.95, 1.0);
        return new RlhfSettings(ITERATIONS, 16, ppo, 0.05, true, 1.0, 1000, true, 2, 8, 8, 1, 2, 2, Duration.ofSeconds(60), maxRecoveries);
    }

    static Path run(Path out, FaultInjection faults, int maxRecoveries) {
        return run(out, faults, maxRecoveries, TinyChat.GRU);
    }

    static Path run(Path out, FaultInjection faults, int maxRecoveries, ChatSettings.ModelWidths model) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny rlhf", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, model), store, run, line -> { }), rlhf(maxRecoveries),
                    faults).run();
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
        uninterruptedMessages = FaultInjection.none();
        uninterrupted = withoutTiming(run(dir.resolve("uninterrupted"), uninterruptedMessages, 3));
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
        assertEquals(uninterrupted, withoutTiming(run(dir.resolve("again"), FaultInjection.none(), 3)));
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenResumedAfterAFailure() {
        Path out = dir.resolve("failed");
        // The policy's 7th message is iteration 3's generate (iteration 1: generate, train; iteration 2: generate,
        // train, the labeling round's generate, the checkpoint's snapshot): the run fails after the checkpoint of
        // iteration 2, and with no recovery allowed it stops there, as after a kill.
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of(RoleNames.POLICY, 7)), 0));
        assertTrue(failure.getMessage().contains("injected fault in policy"), failure.getMessage());
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE), store, RunDirectory.open(out), line -> { }), rlhf(0),
                    FaultInjection.none()).run();
        }
        assertEquals(uninterrupted, withoutTiming(out));
    }

    @Test
    void shouldStoreAndResumeTransformersAsIfUninterruptedWhenTheModelKindIsTransformer() {
        List<ObjectNode> whole = withoutTiming(run(dir.resolve("transformer"), FaultInjection.none(), 3, TinyChat.TRANSFORMER));
        assertEquals(uninterrupted.size(), whole.size(), "a line per stage and iteration, as the GRU's run");
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("transformer"))) {
            for (String model : List.of("sft", "rm/0")) {
                assertEquals("transformer", store.model(model).orElseThrow().getShape().getKind(), model);
            }
        }
        // Failing after iteration 2's checkpoint and resuming reloads the stored SFT and reward models and the
        // checkpointed roles into Transformers: the metrics are the uninterrupted run's.
        Path out = dir.resolve("transformer-failed");
        assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of(RoleNames.POLICY, 7)), 0, TinyChat.TRANSFORMER));
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, TinyChat.TRANSFORMER), store, RunDirectory.open(out),
                    line -> { }), rlhf(0), FaultInjection.none()).run();
        }
        assertEquals(whole, withoutTiming(out));
    }

    /**
     * Each role crashes once, on a message drawn with a seed from all it receives in an uninterrupted run; every role
     * is restored from the last checkpoint and the run goes on, writing the uninterrupted run's metrics line by line.
     */
    @ParameterizedTest
    @ValueSource(strings = {RoleNames.POLICY, RoleNames.REFERENCE, RoleNames.CRITIC, RoleNames.REWARD_MODEL, "labeler:rational",
            RoleNames.PROMPTS})
    void shouldWriteTheUninterruptedMetricsWhenARoleCrashes(String role) {
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        int message = 1 + new Random(SEED * 31 + role.hashCode()).nextInt(received);
        FaultInjection faults = FaultInjection.crash(Map.of(role, message));

        Path out = run(dir.resolve("crash-" + role.replace(':', '-')), faults, 1);

        assertEquals(uninterrupted, withoutTiming(out), role + " crashed on message " + message + " of " + received);
        assertTrue(faults.messagesSeen(role) > received, role + " saw " + faults.messagesSeen(role) + " messages, the uninterrupted run "
                + received + ": the work after the last checkpoint was done again");
    }

    @Test
    void shouldFailNamingTheRoleWhenItFailsMoreOftenThanRecoveriesAllow() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(dir.resolve("exhausted"), FaultInjection.fail(Map.of(RoleNames.CRITIC, 2)), 0));

        assertTrue(failure.getMessage().contains("critic failed") && failure.getMessage().contains("injected fault"), failure.getMessage());
    }
}
