package dev.alignsim.storage;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * A run's RocksDB store ({@code <run>/store}), typed: run metadata, experience, metrics lines and checkpoints as
 * Protobuf records. An iteration commits in one write batch (its experience, its metrics line and, at checkpoint
 * iterations, the checkpoint and the pointer to it), so a crash never leaves half an iteration visible.
 */
public final class RunStore implements AutoCloseable {
    /** The layout this build writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;
    public static final String DIRECTORY = "store";

    private static final byte[] SCHEMA_KEY = utf8("schema_version");
    private static final byte[] CONFIG_KEY = utf8("config");
    private static final byte[] DIGEST_KEY = utf8("config_digest");
    private static final byte[] CHECKPOINT_KEY = utf8("last_checkpoint");
    private static final byte[] COMPLETE_KEY = utf8("complete");

    private final RocksStore store;
    private final Path runDirectory;

    private RunStore(RocksStore store, Path runDirectory) {
        this.store = store;
        this.runDirectory = runDirectory;
    }

    /** Creates the store of a new run, recording the schema version and the resolved configuration. */
    public static RunStore create(Path runDirectory, String resolvedConfig, StoreOptions options) {
        Path dir = runDirectory.resolve(DIRECTORY);
        if (Files.exists(dir)) {
            throw new StoreException(StoreException.Problem.IO, runDirectory + " already holds a store; a new run needs a new directory");
        }
        try {
            // RocksDB creates it too, but first logs an error that it is missing.
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new StoreException(StoreException.Problem.IO, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        RocksStore rocks = RocksStore.open(dir, RocksStore.Mode.CREATE, options);
        try (RocksStore.Batch batch = rocks.batch()) {
            batch.put(RecordKind.META, SCHEMA_KEY, ByteBuffer.allocate(4).putInt(SCHEMA_VERSION).array())
                    .put(RecordKind.META, CONFIG_KEY, utf8(resolvedConfig))
                    .put(RecordKind.META, DIGEST_KEY, utf8(digest(resolvedConfig)))
                    .commit();
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
        return new RunStore(rocks, runDirectory);
    }

    /**
     * Opens an existing run's store. Refuses, writing nothing, a directory that is not an AlignSim run, a store of a
     * newer schema, a store locked by a running process (read-write only) and a corrupted store.
     */
    public static RunStore open(Path runDirectory, boolean writable, StoreOptions options) {
        if (!Files.isDirectory(runDirectory)) {
            throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: "
                    + (Files.exists(runDirectory) ? "it is not a directory" : "it does not exist"));
        }
        Path dir = runDirectory.resolve(DIRECTORY);
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: it has no "
                    + DIRECTORY + "/ database (a directory made by `alignsim run` holds one)");
        }
        RocksStore rocks;
        try {
            rocks = RocksStore.open(dir, writable ? RocksStore.Mode.READ_WRITE : RocksStore.Mode.READ_ONLY, options);
        } catch (StoreException e) {
            if (e.problem() == StoreException.Problem.IO && String.valueOf(e.getMessage()).contains("olumn famil")) {
                throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: "
                        + dir + " is a RocksDB database without AlignSim's column families", e);
            }
            throw e;
        }
        RunStore run = new RunStore(rocks, runDirectory);
        try {
            run.checkSchema();
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
        return run;
    }

    private void checkSchema() {
        byte[] schema = store.get(RecordKind.META, SCHEMA_KEY);
        if (schema == null || schema.length != 4) {
            throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory
                    + " is not an AlignSim run directory: its store has no schema version");
        }
        int version = ByteBuffer.wrap(schema).getInt();
        if (version > SCHEMA_VERSION) {
            throw new StoreException(StoreException.Problem.NEWER_SCHEMA, "the store in " + runDirectory + " has schema version "
                    + version + ", newer than this build reads (" + SCHEMA_VERSION + "); use a newer alignsim");
        }
    }

    public Path runDirectory() {
        return runDirectory;
    }

    public RocksStore rocks() {
        return store;
    }

    public int schemaVersion() {
        return ByteBuffer.wrap(store.get(RecordKind.META, SCHEMA_KEY)).getInt();
    }

    public String config() {
        return new String(store.get(RecordKind.META, CONFIG_KEY), StandardCharsets.UTF_8);
    }

    public String configDigest() {
        return new String(store.get(RecordKind.META, DIGEST_KEY), StandardCharsets.UTF_8);
    }

    /** The iteration of the last committed checkpoint. */
    public OptionalLong lastCheckpoint() {
        byte[] value = store.get(RecordKind.META, CHECKPOINT_KEY);
        return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /** Whether the run finished its last iteration. */
    public boolean complete() {
        return store.get(RecordKind.META, COMPLETE_KEY) != null;
    }

    public Checkpoint checkpoint(long iteration) {
        byte[] value = store.get(RecordKind.CHECKPOINTS, KeyCodec.iteration(iteration));
        if (value == null) {
            throw new StoreException(StoreException.Problem.CORRUPTED, "the store in " + runDirectory
                    + " points to checkpoint " + iteration + ", which it does not hold");
        }
        return parse(Checkpoint.parser(), value, "checkpoint " + iteration);
    }

    /** What one iteration commits. */
    public record IterationRecords(long iteration, List<ExperienceBatch> experience, MetricsLine metrics, Checkpoint checkpoint,
            boolean last) {}

    /**
     * Commits one iteration atomically. Experience older than {@code keepIterations} iterations (0: keep all) is
     * deleted in the same batch, and so are checkpoints older than the previous one.
     */
    public void commit(IterationRecords records, int keepIterations) {
        long iteration = records.iteration();
        try (RocksStore.Batch batch = store.batch()) {
            for (ExperienceBatch experience : records.experience()) {
                batch.put(RecordKind.EXPERIENCE, KeyCodec.record(iteration, experience.getShard(), 0), experience.toByteArray());
            }
            batch.put(RecordKind.METRICS, KeyCodec.iteration(iteration), records.metrics().toByteArray());
            if (records.checkpoint() != null) {
                OptionalLong previous = lastCheckpoint();
                batch.put(RecordKind.CHECKPOINTS, KeyCodec.iteration(iteration), records.checkpoint().toByteArray());
                batch.put(RecordKind.META, CHECKPOINT_KEY, KeyCodec.iteration(iteration));
                if (previous.isPresent()) {
                    batch.deleteRange(RecordKind.CHECKPOINTS, KeyCodec.iteration(0), KeyCodec.iteration(previous.getAsLong()));
                }
            }
            if (keepIterations > 0 && iteration >= keepIterations) {
                batch.deleteRange(RecordKind.EXPERIENCE, KeyCodec.iteration(0), KeyCodec.iteration(iteration - keepIterations + 1));
            }
            if (records.last()) {
                batch.put(RecordKind.META, COMPLETE_KEY, new byte[] {1});
            }
            batch.commit();
        }
    }

    /**
     * Deletes every iteration's records after {@code iteration}: a resumed run recomputes them from the checkpoint.
     */
    public void truncateAfter(long iteration) {
        byte[] from = KeyCodec.after(iteration);
        byte[] to = KeyCodec.iteration(Long.MAX_VALUE);
        try (RocksStore.Batch batch = store.batch()) {
            batch.deleteRange(RecordKind.EXPERIENCE, from, to)
                    .deleteRange(RecordKind.COMPARISONS, from, to)
                    .deleteRange(RecordKind.METRICS, from, to)
                    .deleteRange(RecordKind.CHECKPOINTS, from, to)
                    .commit();
        }
    }

    /** The metrics lines of iterations {@code <= iteration}, in order. */
    public List<MetricsLine> metricsThrough(long iteration) {
        return readRange(store, RecordKind.METRICS, MetricsLine.parser(), null, KeyCodec.after(iteration), "metrics");
    }

    /** What a kind of record holds: how many, their logical size, their size in SST files, their iterations. */
    public record KindStats(RecordKind kind, long records, long logicalBytes, long sstBytes, OptionalLong firstIteration,
            OptionalLong lastIteration) {}

    public KindStats stats(RecordKind kind) {
        long[] countAndBytes = new long[2];
        long[] firstLast = {-1, -1};
        store.scan(kind, null, null, (key, value) -> {
            countAndBytes[0]++;
            countAndBytes[1] += key.length + value.length;
            if (kind != RecordKind.META) {
                long iteration = KeyCodec.iterationOf(key);
                if (firstLast[0] < 0) {
                    firstLast[0] = iteration;
                }
                firstLast[1] = iteration;
            }
            return true;
        });
        return new KindStats(kind, countAndBytes[0], countAndBytes[1], store.sstBytes(kind),
                firstLast[0] < 0 ? OptionalLong.empty() : OptionalLong.of(firstLast[0]),
                firstLast[1] < 0 ? OptionalLong.empty() : OptionalLong.of(firstLast[1]));
    }

    public ExperienceRepository experience() {
        return new ExperienceRepository(store);
    }

    public ComparisonRepository comparisons() {
        return new ComparisonRepository(store);
    }

    public void flush() {
        store.flush();
    }

    public void verifyChecksums() {
        store.verifyChecksums();
    }

    /** The records of {@code kind} with {@code from <= key < to}, decoded, in key order. */
    static <T> List<T> readRange(RocksStore store, RecordKind kind, Parser<T> parser, byte[] from, byte[] to, String what) {
        List<T> records = new ArrayList<>();
        store.scan(kind, from, to, (key, value) -> {
            records.add(parse(parser, value, what + " of iteration " + KeyCodec.iterationOf(key)));
            return true;
        });
        return records;
    }

    static <T> T parse(Parser<T> parser, byte[] value, String what) {
        try {
            // The value array is ours alone: let bytes fields (the experience columns) alias it instead of copying.
            // (A stream over a wrapped ByteString counts as immutable input, which aliasing requires.)
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(value).newCodedInput();
            input.enableAliasing(true);
            return parser.parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException(StoreException.Problem.CORRUPTED, "cannot decode " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of the resolved configuration, hex. */
    public static String digest(String config) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(config)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
