package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.RewardEvaluation;
import dev.alignsim.actors.chat.RmStage;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.StageCommit;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChatWorld's sft, label, rm pipeline on a tiny world: what each stage stores, determinism, resuming at the first
 * stage not stored, and the stored reward model's evaluation. One uninterrupted run and one interrupted-then-resumed
 * run (seed 1) are shared by the tests that only read them.
 */
class ChatPipelineTest {
    private static final long SEED = 1;

    @TempDir
    static Path shared;

    /** sft, label, rm in one go. */
    private static Path full;
    /** sft alone, then sft, label, rm on the same store. */
    private static Path resumed;
    private static byte[] sftModelBeforeResume;
    private static final List<String> resumeConsole = new ArrayList<>();

    @BeforeAll
    static void runPipelines() {
        full = TinyChat.runNew(shared.resolve("full"), TinyChat.settings(SEED, TinyChat.FULL));
        resumed = TinyChat.runNew(shared.resolve("resumed"), TinyChat.settings(SEED, List.of(StageName.SFT)));
        try (RunStore store = TinyChat.openReadOnly(resumed)) {
            sftModelBeforeResume = store.model("sft").orElseThrow().toByteArray();
        }
        TinyChat.runAgain(resumed, TinyChat.settings(SEED, TinyChat.FULL), resumeConsole::add);
    }

    private static ObjectNode metricsOfStage(Path dir, String stage) {
        return TinyChat.metricsWithoutTiming(dir).stream().filter(m -> m.get("stage").asText().equals(stage)).findFirst()
                .orElseThrow(() -> new AssertionError("no metrics line for stage " + stage + " in " + dir));
    }

    // --- what the stages store ---

    @Test
    void shouldStoreEveryStageUnderItsPipelineIndexWhenPipelineRuns() {
        try (RunStore store = TinyChat.openReadOnly(full)) {
            List<StageRecord> stages = store.stages();
            assertEquals(TinyChat.FULL_NAMES, stages.stream().map(StageRecord::getStage).toList());
            assertEquals(List.of(0, 1, 2), stages.stream().map(StageRecord::getIndex).toList());
        }
    }

    @Test
    void shouldStoreSftAndRewardModelWhenPipelineRuns() {
        try (RunStore store = TinyChat.openReadOnly(full)) {
            assertEquals(List.of("rm/0", "sft"), store.modelNames());
            assertEquals("reference", store.model("sft").orElseThrow().getRole());
            assertEquals("reward", store.model("rm/0").orElseThrow().getRole());
        }
    }

    @Test
    void shouldStoreOneComparisonOfKResponsesPerLabelPromptWhenLabelStageRuns() {
        try (RunStore store = TinyChat.openReadOnly(full)) {
            List<Comparison> comparisons = store.comparisons().range(1, 1);
            assertEquals(TinyChat.LABEL_PROMPTS, comparisons.size());
            assertEquals(TinyChat.LABEL_PROMPTS, store.stages().get(1).getComparisons());
            for (Comparison c : comparisons) {
                assertEquals(TinyChat.K, c.getResponsesCount(), c.toString());
                assertEquals(TinyChat.K, c.getRankingCount(), c.toString());
                assertEquals(List.of(0, 1, 2), c.getRankingList().stream().sorted().toList(), "ranking is a permutation");
            }
        }
    }

    @Test
    void shouldMarkExactlyTheComparisonsTheRmStageHoldsOutWhenLabelStageStoresThem() {
        List<Boolean> marks;
        try (RunStore store = TinyChat.openReadOnly(full)) {
            marks = store.comparisons().range(1, 1).stream().map(Comparison::getHeldout).toList();
        }
        int heldout = metricsOfStage(full, "rm").get("rm/heldout_comparisons").asInt();

        assertEquals(12, heldout, "ceil(60 * 0.2)");
        // The rm stage evaluates on the last ones; exactly those are marked, so that replay never trains on them.
        for (int i = 0; i < marks.size(); i++) {
            assertEquals(i >= marks.size() - heldout, marks.get(i), "comparison " + i);
        }
    }

    @Test
    void shouldStoreGoldWhoseTotalIsTheSumOfItsComponentsWhenLabelStageRuns() {
        try (RunStore store = TinyChat.openReadOnly(full)) {
            for (Comparison c : store.comparisons().range(1, 1)) {
                for (JudgedResponse r : c.getResponsesList()) {
                    GoldComponents g = r.getGold();
                    double sum = g.getCoverage() + g.getCorrectness() + g.getHallucination() + g.getSafety() + g.getRefusalStyle() + g.getOverRefusal()
                            + g.getLength();
                    assertEquals(sum, g.getTotal(), 1e-9, g.toString());
                }
            }
        }
    }

    @Test
    void shouldWriteOneMetricsLinePerStageWhenPipelineRuns() {
        List<ObjectNode> metrics = TinyChat.metricsWithoutTiming(full);
        assertEquals(TinyChat.FULL_NAMES, metrics.stream().map(m -> m.get("stage").asText()).toList());
        assertEquals(List.of(0L, 1L, 2L), metrics.stream().map(m -> m.get("iteration").asLong()).toList());
    }

    // --- determinism ---

    @Test
    void shouldWriteIdenticalMetricsApartFromWallTimeWhenSeedIsTheSame(@TempDir Path dir) {
        Path again = TinyChat.runNew(dir.resolve("again"), TinyChat.settings(SEED, TinyChat.FULL));

        assertEquals(TinyChat.metricsWithoutTiming(full), TinyChat.metricsWithoutTiming(again));
    }

    // --- resume ---

    @Test
    void shouldKeepStoredSftModelWhenResumedPipelineSkipsSft() {
        try (RunStore store = TinyChat.openReadOnly(resumed)) {
            assertArrayEquals(sftModelBeforeResume, store.model("sft").orElseThrow().toByteArray());
        }
        assertTrue(resumeConsole.stream().anyMatch(l -> l.contains("stage 0 (sft) is already stored")), resumeConsole.toString());
    }

    @Test
    void shouldAddLabelAndRmStagesWhenResumedAfterSft() {
        try (RunStore store = TinyChat.openReadOnly(resumed)) {
            assertEquals(TinyChat.FULL_NAMES, store.stages().stream().map(StageRecord::getStage).toList());
            assertEquals(List.of("rm/0", "sft"), store.modelNames());
        }
    }

    @Test
    void shouldEndWithUninterruptedRunsMetricsWhenResumedAfterSft() {
        assertEquals(TinyChat.metricsWithoutTiming(full), TinyChat.metricsWithoutTiming(resumed));
    }

    @Test
    void shouldRefuseStoreNamingBothStagesWhenStoredStageZeroDiffersFromPipeline(@TempDir Path dir) {
        RunDirectory run = RunDirectory.createNew(dir.resolve("other"));
        try (RunStore store = RunStore.create(run.root(), "tiny chat", StoreOptions.defaults())) {
            store.commitStage(new StageCommit(StageRecord.newBuilder().setStage("warmup").setIndex(0).build(), 0, 0, List.of(),
                    List.of(), null));
            ChatPipeline pipeline = new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, List.of(StageName.SFT)), store, run, l -> { }));

            IllegalStateException e = assertThrows(IllegalStateException.class, pipeline::run);

            assertTrue(e.getMessage().contains("warmup") && e.getMessage().contains("sft"), e.getMessage());
            assertEquals(List.of("warmup"), store.stages().stream().map(StageRecord::getStage).toList());
            assertFalse(store.model("sft").isPresent());
        }
    }

    // --- evaluation ---

    @Test
    void shouldReproduceRmStagesGoldAccuracyWhenStoredRewardModelIsEvaluated() {
        ChatSettings settings = TinyChat.settings(SEED, TinyChat.FULL);
        RewardEvaluation evaluation;
        try (RunStore store = TinyChat.openReadOnly(full)) {
            evaluation = RmStage.evaluateStored(TinyChat.context(settings, store, RunDirectory.open(full), l -> { }),
                    settings.eval().goldThreshold());
        }
        ObjectNode rm = metricsOfStage(full, "rm");

        assertEquals(rm.get("rm/accuracy_gold").asDouble(), evaluation.goldAccuracy());
        assertEquals(rm.get("rm/gold_pairs").asInt(), evaluation.goldPairs());
    }

    @Test
    void shouldBeatRandomPolicysGoldWhenSftTrains() {
        // Robust in this tiny setting without a margin: sft/gold - random/gold was 1.50, 2.28 and 1.69 for seeds 1, 2
        // and 3 (and above 1.4 for seeds 4 to 6).
        ObjectNode sft = metricsOfStage(full, "sft");

        double trained = sft.get("sft/gold").asDouble();
        double random = sft.get("random/gold").asDouble();
        assertTrue(trained > random, "sft/gold " + trained + " vs random/gold " + random);
    }

    // --- settings ---

    @Test
    void shouldRejectPipelineWithGapWhenItStartsAtLabel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyChat.settings(SEED, List.of(StageName.LABEL)));

        assertTrue(e.getMessage().contains("without gaps") && e.getMessage().contains("[label]"), e.getMessage());
    }

    @Test
    void shouldRejectPipelineWhenStagesAreOutOfOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyChat.settings(SEED, List.of(StageName.RM, StageName.SFT)));

        assertTrue(e.getMessage().contains("in the order [sft, label, rm]") && e.getMessage().contains("[rm, sft]"), e.getMessage());
    }
}
