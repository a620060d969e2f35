package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    private static final String CONFIG = "alignsim {\n  seed = 3\n  env = \"CartPole-v1\"\n}\n";
    private static final StoreOptions OPTIONS = StoreOptions.defaults();

    @TempDir
    Path run;

    private RunStore create() {
        return RunStore.create(run, CONFIG, OPTIONS);
    }

    private static List<Long> experienceIterations(RunStore store) {
        List<Long> iterations = new ArrayList<>();
        for (ExperienceBatch b : store.experience().range(0, 1000)) {
            if (iterations.isEmpty() || iterations.get(iterations.size() - 1) != b.getIteration()) {
                iterations.add(b.getIteration());
            }
        }
        return iterations;
    }

    private static List<Long> metricsIterations(RunStore store) {
        List<Long> iterations = new ArrayList<>();
        for (MetricsLine line : store.metricsThrough(1000)) {
            iterations.add(line.getIteration());
        }
        return iterations;
    }

    private static List<Long> keyIterations(RunStore store, RecordKind kind) {
        List<Long> iterations = new ArrayList<>();
        store.rocks().scan(kind, null, null, (key, value) -> iterations.add(KeyCodec.iterationOf(key)));
        return iterations;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void shouldReadSameConfigDigestAndSchemaWhenReopenedReadOnly() {
        create().close();

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertEquals(CONFIG, store.config());
            assertEquals(RunStore.digest(CONFIG), store.configDigest());
            assertEquals(RunStore.SCHEMA_VERSION, store.schemaVersion());
        }
    }

    @Test
    void shouldDigestConfigAsSha256HexWhenAsked() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", RunStore.digest(""));
    }

    @Test
    void shouldShowNothingOfAnIterationWhenNotYetCommitted() {
        try (RunStore store = create()) {
            assertEquals(List.of(), store.experience().range(0, 1000));
            assertEquals(List.of(), store.metricsThrough(1000));
            assertEquals(OptionalLong.empty(), store.lastCheckpoint());
            assertEquals(0, store.stats(RecordKind.CHECKPOINTS).records());
        }
    }

    @Test
    void shouldMakeExperienceMetricsAndCheckpointVisibleWhenIterationCommitted() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(1, true, false), 0);

            assertEquals(StoreRecords.smallExperience(1), store.experience().range(1, 1));
            assertEquals(List.of(StoreRecords.metrics(1)), store.metricsThrough(1));
            assertEquals(StoreRecords.checkpoint(1), store.checkpoint(1));
            assertEquals(OptionalLong.of(1), store.lastCheckpoint());
        }
    }

    @Test
    void shouldShowCommittedIterationWhenReopenedReadOnly() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(1, true, false), 0);
        }

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertEquals(StoreRecords.smallExperience(1), store.experience().range(1, 1));
            assertEquals(List.of(StoreRecords.metrics(1)), store.metricsThrough(1));
            assertEquals(StoreRecords.checkpoint(1), store.checkpoint(store.lastCheckpoint().getAsLong()));
        }
    }

    @Test
    void shouldStoreNoCheckpointWhenIterationCommittedWithout() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(1, false, false), 0);

            assertEquals(OptionalLong.empty(), store.lastCheckpoint());
            assertEquals(0, store.stats(RecordKind.CHECKPOINTS).records());
            assertEquals(1, store.stats(RecordKind.METRICS).records());
        }
    }

    @Test
    void shouldKeepExactlyLastThreeIterationsOfExperienceWhenKeepIterationsIsThree() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 10; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 3);
            }

            assertEquals(List.of(8L, 9L, 10L), experienceIterations(store));
            assertEquals(6, store.experience().range(0, 1000).size());
        }
    }

    @Test
    void shouldKeepAllMetricsWhenExperienceIsPruned() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 10; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 3);
            }

            assertEquals(range(1, 10), metricsIterations(store));
        }
    }

    @Test
    void shouldKeepAllExperienceWhenKeepIterationsIsZero() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 10; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 0);
            }

            assertEquals(range(1, 10), experienceIterations(store));
        }
    }

    @Test
    void shouldKeepOnlyLastTwoCheckpointsWhenCheckpointsCommittedAtFiveTenFifteen() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 15; i++) {
                store.commit(StoreRecords.iteration(i, i % 5 == 0, false), 0);
            }

            assertEquals(List.of(10L, 15L), keyIterations(store, RecordKind.CHECKPOINTS));
            assertEquals(OptionalLong.of(15), store.lastCheckpoint());
            assertEquals(StoreRecords.checkpoint(10), store.checkpoint(10));
        }
    }

    @Test
    void shouldListStoredCheckpointsInOrderWhenRangeCoversThem() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 15; i++) {
                store.commit(StoreRecords.iteration(i, i % 5 == 0, false), 0);
            }

            assertEquals(List.of(StoreRecords.checkpoint(10), StoreRecords.checkpoint(15)), store.checkpoints(0, 100));
        }
    }

    @Test
    void shouldListOnlyCheckpointsInsideTheRangeWhenRangeIsNarrower() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 15; i++) {
                store.commit(StoreRecords.iteration(i, i % 5 == 0, false), 0);
            }

            assertEquals(List.of(StoreRecords.checkpoint(10)), store.checkpoints(6, 14));
        }
    }

    @Test
    void shouldRefuseCheckpointWithCorruptedWhenItWasPruned() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 15; i++) {
                store.commit(StoreRecords.iteration(i, i % 5 == 0, false), 0);
            }

            StoreException e = assertThrows(StoreException.class, () -> store.checkpoint(5));
            assertEquals(StoreException.Problem.CORRUPTED, e.problem());
        }
    }

    @Test
    void shouldLeaveMetricsThroughFourWhenTruncatedAfterFour() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 8; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 0);
            }

            store.truncateAfter(4);

            assertEquals(range(1, 4), metricsIterations(store));
        }
    }

    @Test
    void shouldLeaveExperienceThroughFourWhenTruncatedAfterFour() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 8; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 0);
            }

            store.truncateAfter(4);

            assertEquals(range(1, 4), experienceIterations(store));
        }
    }

    @Test
    void shouldDeleteLaterCheckpointsWhenTruncated() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 8; i++) {
                store.commit(StoreRecords.iteration(i, i == 4 || i == 6, false), 0);
            }

            store.truncateAfter(4);

            assertEquals(List.of(4L), keyIterations(store, RecordKind.CHECKPOINTS));
        }
    }

    @Test
    void shouldPointAtTheLastCheckpointLeftWhenTruncatedBeforeTheLastOne() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 8; i++) {
                store.commit(StoreRecords.iteration(i, i == 4 || i == 8, i == 8), 0);
            }

            store.truncateAfter(6);

            assertEquals(OptionalLong.of(4), store.lastCheckpoint());
            assertEquals(4, store.checkpoint(4).getIteration());
        }
    }

    @Test
    void shouldNoLongerBeCompleteWhenTruncatedBeforeTheLastIteration() {
        try (RunStore store = create()) {
            for (long i = 1; i <= 4; i++) {
                store.commit(StoreRecords.iteration(i, i == 4, i == 4), 0);
            }

            store.truncateAfter(2);

            assertFalse(store.complete());
            assertEquals(OptionalLong.empty(), store.lastCheckpoint());
        }
    }

    @Test
    void shouldBeCompleteOnlyWhenIterationCommittedAsLast() {
        try (RunStore store = create()) {
            assertFalse(store.complete());
            store.commit(StoreRecords.iteration(1, false, false), 0);
            assertFalse(store.complete());
            store.commit(StoreRecords.iteration(2, true, true), 0);
            assertTrue(store.complete());
        }
    }

    @Test
    void shouldRefuseCommitWhenOpenedReadOnly() {
        create().close();

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertThrows(IllegalStateException.class, () -> store.commit(StoreRecords.iteration(1, false, false), 0));
            assertEquals(List.of(), store.metricsThrough(1000));
        }
    }

    @Test
    void shouldRefuseCreateWhenDirectoryAlreadyHoldsStore() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(1, false, false), 0);
        }

        StoreException e = assertThrows(StoreException.class, () -> RunStore.create(run, "other", OPTIONS));

        assertTrue(e.getMessage().contains(run.toString()), e.getMessage());
        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertEquals(CONFIG, store.config());
        }
    }

    @Test
    void shouldCountRecordsAndLogicalBytesWhenStatsAsked() {
        try (RunStore store = create()) {
            long expectedBytes = 0;
            for (long i = 1; i <= 3; i++) {
                RunStore.IterationRecords records = StoreRecords.iteration(i, false, false);
                store.commit(records, 0);
                for (ExperienceBatch b : records.experience()) {
                    expectedBytes += KeyCodec.RECORD_KEY_BYTES + b.getSerializedSize();
                }
            }

            RunStore.KindStats stats = store.stats(RecordKind.EXPERIENCE);

            assertEquals(6, stats.records());
            assertEquals(expectedBytes, stats.logicalBytes());
            assertEquals(OptionalLong.of(1), stats.firstIteration());
            assertEquals(OptionalLong.of(3), stats.lastIteration());
        }
    }

    @Test
    void shouldCountMetricsBytesWhenStatsAsked() {
        try (RunStore store = create()) {
            long expectedBytes = 0;
            for (long i = 1; i <= 4; i++) {
                store.commit(StoreRecords.iteration(i, false, false), 0);
                expectedBytes += KeyCodec.ITERATION_KEY_BYTES + StoreRecords.metrics(i).getSerializedSize();
            }

            RunStore.KindStats stats = store.stats(RecordKind.METRICS);

            assertEquals(4, stats.records());
            assertEquals(expectedBytes, stats.logicalBytes());
        }
    }

    @Test
    void shouldReportNoIterationsWhenKindIsEmpty() {
        try (RunStore store = create()) {
            RunStore.KindStats stats = store.stats(RecordKind.COMPARISONS);

            assertEquals(0, stats.records());
            assertEquals(0, stats.logicalBytes());
            assertEquals(OptionalLong.empty(), stats.firstIteration());
            assertEquals(OptionalLong.empty(), stats.lastIteration());
        }
    }

    @Test
    void shouldCountSstBytesWhenFlushed() {
        try (RunStore store = create()) {
            store.commit(StoreRecords.iteration(1, false, false), 0);
            store.flush();

            assertTrue(store.stats(RecordKind.EXPERIENCE).sstBytes() > 0);
        }
    }

    @Test
    void shouldRefuseAsNotAStoreWhenDirectoryIsMissing() {
        Path missing = run.resolve("missing");

        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(missing, false, OPTIONS));

        assertEquals(StoreException.Problem.NOT_A_STORE, e.problem());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseAsNotAStoreWhenDirectoryHasNoStore() {
        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(run, true, OPTIONS));

        assertEquals(StoreException.Problem.NOT_A_STORE, e.problem());
        assertTrue(e.getMessage().contains(run.toString()), e.getMessage());
        assertFalse(Files.exists(run.resolve(RunStore.DIRECTORY)));
    }

    @Test
    void shouldRefuseAsNewerSchemaWhenSchemaVersionIs99() {
        create().close();
        try (RocksStore rocks = RocksStore.open(run.resolve(RunStore.DIRECTORY), RocksStore.Mode.READ_WRITE, OPTIONS);
                RocksStore.Batch batch = rocks.batch()) {
            batch.put(RecordKind.META, KeyCodec.MetaKey.SCHEMA_VERSION.bytes(), ByteBuffer.allocate(4).putInt(99).array())
                    .commit();
        }

        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS));

        assertEquals(StoreException.Problem.NEWER_SCHEMA, e.problem());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        assertTrue(e.getMessage().contains(run.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseAsLockedWhenOpenedReadWriteTwice() {
        create().close();

        RunStore first = RunStore.open(run, true, OPTIONS);
        try {
            StoreException e = assertThrows(StoreException.class, () -> RunStore.open(run, true, OPTIONS));
            assertEquals(StoreException.Problem.LOCKED, e.problem());
        } finally {
            first.close();
        }
    }

    @Test
    void shouldOpenReadOnlyWhenAnotherHandleWrites() {
        try (RunStore writer = create()) {
            writer.commit(StoreRecords.iteration(1, false, false), 0);
            writer.flush();
            try (RunStore reader = RunStore.open(run, false, OPTIONS)) {
                assertEquals(List.of(StoreRecords.metrics(1)), reader.metricsThrough(1));
            }
        }
    }

    @Test
    void shouldReportCorruptedWhenSstFileIsOverwritten() throws IOException {
        try (RunStore store = create()) {
            for (long i = 1; i <= 20; i++) {
                List<ExperienceBatch> experience = List.of(StoreRecords.experience(i, 0, 64, 2, i),
                        StoreRecords.experience(i, 1, 64, 2, i + 1000));
                store.commit(new RunStore.IterationRecords(i, experience, StoreRecords.metrics(i), null, false), 0);
            }
            store.flush();
        }
        Path largest;
        try (Stream<Path> files = Files.list(run.resolve(RunStore.DIRECTORY))) {
            largest = files.filter(p -> p.getFileName().toString().endsWith(".sst"))
                    .max(Comparator.comparingLong(RunStoreTest::size)).orElseThrow();
        }
        long length = Files.size(largest);
        assertTrue(length > 4096, "largest SST has only " + length + " bytes");
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x5A);
        try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
            file.seek(length / 2);
            file.write(garbage);
        }

        StoreException e = assertThrows(StoreException.class, () -> {
            try (RunStore store = RunStore.open(run, false, OPTIONS)) {
                store.verifyChecksums();
            }
        });

        assertEquals(StoreException.Problem.CORRUPTED, e.problem(), e.getMessage());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
