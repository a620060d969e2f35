package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.policy.methods.DpoLoss;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dpo stage on the tiny world: what it learns, the keys it writes, and a stop and resume from its checkpoint. */
class DpoStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.DPO);
    private static final int EPOCHS = 4;
    /** The dpo stage's index in PIPELINE: epoch e is stored as iteration 3 + e. */
    private static final int INDEX = 3;

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;

    static DpoSettings dpo(int checkpointEvery) {
        return new DpoSettings(0.1, DpoLoss.Type.SIGMOID, EPOCHS, 16, 3e-3, 1.0, checkpointEvery, 32);
    }

    private static ChatSettings settings() {
        return TinyChat.settings(SEED, PIPELINE);
    }

    private static StageContext context(RunStore store, RunDirectory run, StopRequest stop) {
        return new StageContext(new ChatWorld(settings()), store, run, Device.cpu(), line -> { }, stop);
    }

    @BeforeAll
    static void runOnce() {
        Path out = dir.resolve("uninterrupted");
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny dpo", StoreOptions.defaults())) {
            new ChatPipeline(context(store, run, StopRequest.separate()), dpo(3)).run();
        }
        uninterrupted = RlhfStageTest.withoutTiming(out);
    }

    private static List<ObjectNode> lines(String stage) {
        return uninterrupted.stream().filter(n -> n.path("stage").asText().equals(stage)).toList();
    }

    @Test
    void shouldWriteOneLinePerEpochKeyedFromTheStageIndexThenItsClosingLine() {
        List<ObjectNode> epochs = lines("dpo");
        assertEquals(EPOCHS, epochs.size());
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(INDEX + e, epochs.get(e).path("iteration").asLong(), "epoch " + (e + 1));
            assertEquals(e + 1, epochs.get(e).path("dpo/epoch").asLong());
        }
        ObjectNode closing = uninterrupted.get(uninterrupted.size() - 1);
        assertEquals("dpo-eval", closing.path("stage").asText());
        assertEquals(INDEX + EPOCHS, closing.path("iteration").asLong());
    }

    @Test
    void shouldWriteThePpoLinesKeysWhenAnEpochEnds() {
        ObjectNode epoch = lines("dpo").get(0);
        for (String key : List.of("dpo/loss", "dpo/accuracy", "dpo/margin", "dpo/pairs", "objective/gold", "objective/gold_unseen",
                "objective/proxy", "objective/kl", "objective/entropy", "response/length", "safety/f1", "safety/f1_unseen")) {
            assertTrue(epoch.has(key), key + " in " + epoch);
        }
        ObjectNode closing = uninterrupted.get(uninterrupted.size() - 1);
        for (String key : List.of("reference/gold", "final/gold", "reference/gold_unseen", "final/gold_unseen", "reference/proxy",
                "final/proxy", "reference/response_length", "final/response_length", "final/safety/f1_unseen", "dpo/accuracy_train",
                "dpo/accuracy_heldout")) {
            assertTrue(closing.has(key), key + " in " + closing);
        }
    }

    @Test
    void shouldExpandEveryTrainingRankingToAllItsPairsWhenItReadsTheComparisons() {
        int trainComparisons = TinyChat.LABEL_PROMPTS - settings().label().heldoutCount(TinyChat.LABEL_PROMPTS);
        // Pairs of two identical answers are counted, not trained on.
        assertEquals(trainComparisons * TinyChat.K * (TinyChat.K - 1) / 2,
                lines("dpo").get(0).path("dpo/pairs").asLong() + lines("dpo").get(0).path("dpo/pairs_identical").asLong());
    }

    @Test
    void shouldRaiseTheImplicitRewardAccuracyOnTrainingPairsWhenItTrains() {
        List<ObjectNode> epochs = lines("dpo");
        double first = epochs.get(0).path("dpo/accuracy").asDouble();
        double last = epochs.get(EPOCHS - 1).path("dpo/accuracy").asDouble();
        double firstLoss = epochs.get(0).path("dpo/loss").asDouble();
        double lastLoss = epochs.get(EPOCHS - 1).path("dpo/loss").asDouble();
        assertTrue(last > first + 0.1, "accuracy went from " + first + " to " + last);
        assertTrue(lastLoss < firstLoss, "loss went from " + firstLoss + " to " + lastLoss);
        double kl = epochs.get(EPOCHS - 1).path("objective/kl").asDouble();
        assertTrue(kl > 0, "the policy moved away from the reference: kl " + kl);
    }

    @Test
    void shouldWriteTheUninterruptedLinesWhenStoppedAfterAnEpochAndResumed() {
        Path out = dir.resolve("stopped");
        RunDirectory run = RunDirectory.createNew(out);
        StopRequest stop = StopRequest.separate();
        AtomicInteger epochLines = new AtomicInteger();
        run.onMetricsLine(line -> {
            if (line.contains("\"stage\":\"dpo\"") && epochLines.incrementAndGet() == 2) {
                stop.request();
            }
        });
        try (RunStore store = RunStore.create(out, "tiny dpo", StoreOptions.defaults())) {
            assertThrows(RunStoppedException.class, () -> new ChatPipeline(context(store, run, stop), dpo(3)).run());
            // Asked for while epoch 2's line was written: epoch 3 (checkpoint_every 3) checkpoints, and the stage stops after it.
            assertEquals(INDEX + 2, store.lastCheckpoint().orElseThrow(), "the stop checkpoints the epoch it stops after");
            assertFalse(store.complete());
        }
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(context(store, RunDirectory.open(out), StopRequest.separate()), dpo(3)).run();
        }
        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out));
    }

    @Test
    void shouldWriteTheUninterruptedLinesWhenResumedAfterLinesPastTheLastCheckpoint() {
        // Killed after epoch 2 with checkpoint_every 3: the store holds epochs 1 and 2 and no checkpoint of this stage;
        // the resume drops them and starts the stage again.
        Path out = dir.resolve("cut");
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny dpo", StoreOptions.defaults())) {
            new ChatPipeline(context(store, run, StopRequest.separate()), dpo(3)).run();
            store.truncateAfter(INDEX + 1);
            assertEquals(INDEX + 1, store.metricsThrough(Long.MAX_VALUE - 1).get(INDEX + 1).getIteration());
        }
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(context(store, RunDirectory.open(out), StopRequest.separate()), dpo(3)).run();
        }
        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out));
    }

    @Test
    void shouldTrainWithoutProxyKeysWhenThePipelineHasNoRmStage() {
        Path out = dir.resolve("no-rm");
        ChatSettings noRm = TinyChat.settings(SEED, List.of(StageName.SFT, StageName.LABEL, StageName.DPO));
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny dpo", StoreOptions.defaults())) {
            new ChatPipeline(new StageContext(new ChatWorld(noRm), store, run, Device.cpu(), line -> { }, StopRequest.separate()),
                    dpo(3)).run();
        }
        List<ObjectNode> lines = RlhfStageTest.withoutTiming(out);
        ObjectNode epoch = lines.get(2);
        ObjectNode closing = lines.get(lines.size() - 1);
        assertEquals("dpo", epoch.path("stage").asText());
        assertEquals(2 + EPOCHS, closing.path("iteration").asLong());
        assertTrue(epoch.has("objective/gold") && epoch.has("objective/kl"), epoch.toString());
        assertFalse(epoch.has("objective/proxy"), "no reward model, no proxy: " + epoch);
        assertFalse(closing.has("final/proxy"), "no reward model, no proxy: " + closing);
    }
}
