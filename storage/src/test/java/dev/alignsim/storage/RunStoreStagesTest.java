package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.proto.Tensor;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChatWorld pipeline stages in the run store: one atomic commit per stage, models by name, stages in order. */
class RunStoreStagesTest {
    private static final StoreOptions OPTIONS = StoreOptions.defaults();

    @TempDir
    Path run;

    private RunStore create() {
        return RunStore.create(run, "chatworld", OPTIONS);
    }

    private static StageRecord stage(int index, String name) {
        return StageRecord.newBuilder().setIndex(index).setStage(name).setSummaryJson("{\"stage\":\"" + name + "\"}").build();
    }

    private static Comparison comparison(long iteration, String labeler) {
        Comparison.Builder b = Comparison.newBuilder().setIteration(iteration).setLabelerId(labeler).setStrategy("boltzmann")
                .setPromptKind("TASK").addPromptTokens(0).addPromptTokens(7);
        for (int i = 0; i < 2; i++) {
            b.addResponses(JudgedResponse.newBuilder().addTokens(20 + i).setGold(GoldComponents.newBuilder().setTotal(i)));
            b.addRanking(1 - i);
        }
        return b.build();
    }

    private static MetricsLine metrics(long iteration, String stage) {
        return MetricsLine.newBuilder().setIteration(iteration).setJson("{\"stage\":\"" + stage + "\"}").build();
    }

    private static StageCommit sft(int index) {
        return new StageCommit(stage(index, "sft"), index, 0, List.of(),
                List.of(StoreRecords.model("sft", "reference", 1)), metrics(index, "sft"));
    }

    private static StageCommit label(int index) {
        return new StageCommit(stage(index, "label"), index, 0, List.of(comparison(index, "a"), comparison(index, "b")),
                List.of(), metrics(index, "label"));
    }

    private static StageCommit rm(int index) {
        return new StageCommit(stage(index, "rm"), index, 0, List.of(),
                List.of(StoreRecords.model("rm/0", "reward", 2), StoreRecords.model("rm/1", "reward", 3)), metrics(index, "rm"));
    }

    /** Every record of every kind, by kind and key, so that "wrote nothing" compares whole stores. */
    private static Map<String, String> everything(RunStore store) {
        Map<String, String> all = new TreeMap<>();
        for (RecordKind kind : RecordKind.values()) {
            store.rocks().scan(kind, null, null, (key, value) -> {
                all.put(kind.familyName() + ":" + java.util.HexFormat.of().formatHex(key), java.util.HexFormat.of().formatHex(value));
                return true;
            });
        }
        return all;
    }

    private static List<Integer> bits(ModelRecord model) {
        List<Integer> bits = new ArrayList<>();
        for (Tensor t : model.getWeightsList()) {
            for (float v : t.getValuesList()) {
                bits.add(Float.floatToRawIntBits(v));
            }
        }
        return bits;
    }

    private static String message(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Test
    void shouldStoreComparisonsModelsStageAndMetricsTogetherWhenStageCommitted() {
        try (RunStore store = create()) {
            StageCommit commit = new StageCommit(stage(1, "label"), 4, 2, List.of(comparison(4, "a"), comparison(4, "b")),
                    List.of(StoreRecords.model("rm/0", "reward", 5)), metrics(4, "label"));

            store.commitStage(commit);

            assertEquals(commit.comparisons(), store.comparisons().range(4, 4));
            assertEquals(Optional.of(StoreRecords.model("rm/0", "reward", 5)), store.model("rm/0"));
            assertEquals(List.of(metrics(4, "label")), store.metricsThrough(4));
            StageRecord stored = store.stages().get(0);
            assertEquals(1, stored.getIndex());
            assertEquals("label", stored.getStage());
            assertEquals(2, stored.getComparisons());
            assertEquals(List.of("rm/0"), stored.getModelsList());
            assertEquals(4, stored.getIteration());
            assertEquals("{\"stage\":\"label\"}", stored.getSummaryJson());
        }
    }

    @Test
    void shouldWriteNothingWhenStageIndexIsAlreadyStored() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));
            Map<String, String> before = everything(store);
            StageCommit again = new StageCommit(stage(0, "label"), 1, 0, List.of(comparison(1, "a")),
                    List.of(StoreRecords.model("rm/0", "reward", 2)), metrics(1, "label"));

            String message = message(() -> store.commitStage(again));

            assertTrue(message.contains("stage index 0 is already stored (as sft)"), message);
            assertEquals(before, everything(store));
        }
    }

    @Test
    void shouldWriteNothingWhenAComparisonIsInvalid() {
        try (RunStore store = create()) {
            Comparison partial = comparison(3, "b").toBuilder().clearRanking().addRanking(0).build();
            StageCommit commit = new StageCommit(stage(0, "label"), 3, 0, List.of(comparison(3, "a"), partial),
                    List.of(StoreRecords.model("rm/0", "reward", 2)), metrics(3, "label"));
            Map<String, String> before = everything(store);

            String message = message(() -> store.commitStage(commit));

            assertTrue(message.contains("ranks 1 of its 2"), message);
            assertEquals(before, everything(store));
            assertEquals(List.of(), store.stages());
            assertEquals(List.of(), store.modelNames());
        }
    }

    @Test
    void shouldRefuseStageWhenItComesBeforeTheLastStoredStage() {
        try (RunStore store = create()) {
            store.commitStage(label(2));

            String message = message(() -> store.commitStage(sft(1)));

            assertTrue(message.contains("stage 1 (sft)") && message.contains("expected an index > 2"), message);
            assertEquals(List.of("label"), store.stages().stream().map(StageRecord::getStage).toList());
        }
    }

    @Test
    void shouldRefuseModelWhenAnEarlierStageStoredItsName() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));
            StageCommit again = new StageCommit(stage(1, "ppo"), 1, 0, List.of(),
                    List.of(StoreRecords.model("sft", "policy", 9)), null);

            String message = message(() -> store.commitStage(again));

            assertTrue(message.contains("model 'sft' is already stored"), message);
            assertEquals(Optional.of(StoreRecords.model("sft", "reference", 1)), store.model("sft"));
        }
    }

    @Test
    void shouldRefuseMetricsLineWhenItsIterationHasOne() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(3, false, false), 0);

            String message = message(() -> store.commitStage(sft(3)));

            assertTrue(message.contains("iteration 3 already has a metrics line"), message);
            assertEquals(List.of(StoreRecords.metrics(3)), store.metricsThrough(3));
        }
    }

    @Test
    void shouldRefuseComparisonsWhenTheirIterationAndShardHoldSome() {
        try (RunStore store = create()) {
            store.comparisons().append(1, 0, List.of(comparison(1, "x")));

            String message = message(() -> store.commitStage(label(1)));

            assertTrue(message.contains("iteration 1, shard 0 already holds comparisons"), message);
            assertEquals(1, store.comparisons().range(0, 10).size());
        }
    }

    @Test
    void shouldRejectEmptyModelNameWhenCommitIsBuilt() {
        String message = message(() -> new StageCommit(stage(0, "sft"), 0, 0, List.of(),
                List.of(StoreRecords.model("", "reference", 1)), null));

        assertTrue(message.contains("stage 0 (sft): model 0 has an empty name"), message);
    }

    @Test
    void shouldRejectDuplicateModelNameWhenCommitIsBuilt() {
        String message = message(() -> new StageCommit(stage(2, "rm"), 2, 0, List.of(),
                List.of(StoreRecords.model("rm/0", "reward", 1), StoreRecords.model("rm/0", "reward", 2)), null));

        assertTrue(message.contains("model name 'rm/0' appears twice"), message);
    }

    @Test
    void shouldRejectMetricsLineWhenItBelongsToAnotherIteration() {
        String message = message(() -> new StageCommit(stage(0, "sft"), 0, 0, List.of(), List.of(), metrics(5, "sft")));

        assertTrue(message.contains("belongs to iteration 5, not 0"), message);
    }

    @Test
    void shouldRejectStageRecordWhenItsCountsDisagreeWithTheCommit() {
        StageRecord says = stage(1, "label").toBuilder().setComparisons(7).build();

        String message = message(() -> new StageCommit(says, 1, 0, List.of(comparison(1, "a")), List.of(), null));

        assertTrue(message.contains("says 7 comparisons but commits 1"), message);
    }

    @Test
    void shouldReturnStagesInIndexOrderWhenIndicesPassTen() {
        try (RunStore store = create()) {
            List<Integer> indices = List.of(0, 2, 9, 10, 11, 100);
            for (int index : indices) {
                store.commitStage(new StageCommit(stage(index, "s" + index), index, 0, List.of(), List.of(), null));
            }

            assertEquals(indices, store.stages().stream().map(StageRecord::getIndex).toList());
        }
    }

    @Test
    void shouldRoundTripModelWeightsBitExactlyWhenRead() {
        ModelRecord written = StoreRecords.model("sft", "reference", 1);
        try (RunStore store = create()) {
            store.commitStage(new StageCommit(stage(0, "sft"), 0, 0, List.of(), List.of(written), null));

            ModelRecord read = store.model("sft").orElseThrow();

            assertEquals(bits(written), bits(read));
            assertEquals(written, read);
            assertEquals(57, bits(read).size());
        }
    }

    @Test
    void shouldKeepStagesAndModelsWhenReopenedAfterClose() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));
            store.commitStage(label(1));
            store.commitStage(rm(2));
        }

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertEquals(List.of("sft", "label", "rm"), store.stages().stream().map(StageRecord::getStage).toList());
            assertEquals(List.of("rm/0", "rm/1", "sft"), store.modelNames());
            assertEquals(bits(StoreRecords.model("rm/1", "reward", 3)), bits(store.model("rm/1").orElseThrow()));
            assertEquals(2, store.comparisons().range(1, 1).size());
        }
    }

    @Test
    void shouldReturnEmptyWhenModelNameIsUnknown() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));

            assertEquals(Optional.empty(), store.model("rm/0"));
            assertEquals(Optional.empty(), store.model("sf"));
        }
    }

    @Test
    void shouldHoldNoStagesOrModelsWhenNothingWasCommitted() {
        try (RunStore store = create()) {
            assertEquals(List.of(), store.stages());
            assertEquals(List.of(), store.modelNames());
        }
    }

    @Test
    void shouldDropLaterStagesWithTheirModelsWhenTruncated() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));
            store.commitStage(label(1));
            store.commitStage(rm(2));

            store.truncateAfter(1);

            assertEquals(List.of("sft", "label"), store.stages().stream().map(StageRecord::getStage).toList());
            assertEquals(List.of("sft"), store.modelNames());
            assertEquals(2, store.comparisons().range(0, 10).size());
            assertEquals(List.of(0L, 1L), store.metricsThrough(10).stream().map(MetricsLine::getIteration).toList());
            store.commitStage(rm(2));
            assertEquals(List.of("rm/0", "rm/1", "sft"), store.modelNames());
        }
    }

    @Test
    void shouldKeepStagesWhenLaterIterationsAreTruncated() {
        try (RunStore store = create()) {
            store.commitStage(sft(0));
            store.commitStage(rm(1));
            for (long i = 2; i <= 6; i++) {
                store.commit(StoreRecords.iteration(i, i == 4, false), 0);
            }

            store.truncateAfter(4);

            assertEquals(List.of("sft", "rm"), store.stages().stream().map(StageRecord::getStage).toList());
            assertEquals(List.of("rm/0", "rm/1", "sft"), store.modelNames());
        }
    }

    @Test
    void shouldRefuseStageCommitWhenOpenedReadOnly() {
        create().close();

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertThrows(IllegalStateException.class, () -> store.commitStage(sft(0)));
            assertEquals(List.of(), store.stages());
        }
    }
}
