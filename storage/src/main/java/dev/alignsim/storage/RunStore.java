package dev.alignsim.storage;

import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.KeyCodec.MetaKey;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A run's RocksDB store ({@code <run>/store}), typed: run metadata, experience (or ChatWorld's responses),
 * comparisons, metrics lines and checkpoints as Protobuf records. An iteration commits in one write batch (its
 * experience or responses, its metrics line, a labeling round's comparisons and, at checkpoint iterations, the
 * checkpoint and the pointer to it), so a crash never leaves half an iteration visible. A ChatWorld
 * pipeline stage commits the same way ({@link #commitStage}): its comparisons, trained models, metrics line and stage
 * record together.
 *
 * <p>Models and stage records live in the meta column family beside the run's own records; {@link KeyCodec} spells
 * every key.
 */
public final class RunStore implements AutoCloseable {
    /** The layout this build writes, and the only one it reads ({@link StoreSchema}). */
    public static final int SCHEMA_VERSION = StoreSchema.VERSION;
    public static final String DIRECTORY = "store";

    private final RocksStore store;
    private final Path runDirectory;

    private RunStore(RocksStore store, Path runDirectory) {
        this.store = store;
        this.runDirectory = runDirectory;
    }

    /** Creates the store of a new run, recording the schema version and the resolved configuration. */
    public static RunStore create(Path runDirectory, String resolvedConfig, StoreOptions options) {
        return new RunStore(StoreSchema.create(runDirectory.resolve(DIRECTORY), runDirectory, resolvedConfig, options), runDirectory);
    }

    /**
     * Opens an existing run's store. Refuses, writing nothing, a directory that is not an AlignSim run, a store of an
     * older or a newer schema, a store locked by a running process (read-write only) and a corrupted store.
     */
    public static RunStore open(Path runDirectory, boolean writable, StoreOptions options) {
        return new RunStore(StoreSchema.open(runDirectory, runDirectory.resolve(DIRECTORY), writable, options), runDirectory);
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** The byte-level store, for this package's tests: nothing above the store reads RocksDB itself. */
    RocksStore rocks() {
        return store;
    }

    public int schemaVersion() {
        return ByteBuffer.wrap(store.get(RecordKind.META, MetaKey.SCHEMA_VERSION.bytes())).getInt();
    }

    public String config() {
        return new String(store.get(RecordKind.META, MetaKey.CONFIG.bytes()), StandardCharsets.UTF_8);
    }

    public String configDigest() {
        return new String(store.get(RecordKind.META, MetaKey.CONFIG_DIGEST.bytes()), StandardCharsets.UTF_8);
    }

    /** The iteration of the last committed checkpoint. */
    public OptionalLong lastCheckpoint() {
        byte[] value = store.get(RecordKind.META, MetaKey.LAST_CHECKPOINT.bytes());
        return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /** Whether the run finished its last iteration. */
    public boolean complete() {
        return store.get(RecordKind.META, MetaKey.COMPLETE.bytes()) != null;
    }

    public Checkpoint checkpoint(long iteration) {
        byte[] value = store.get(RecordKind.CHECKPOINTS, KeyCodec.iteration(iteration));
        if (value == null) {
            throw new StoreException(StoreException.Problem.CORRUPTED, "the store in " + runDirectory
                    + " points to checkpoint " + iteration + ", which it does not hold");
        }
        return Records.parse(Checkpoint.parser(), value, "checkpoint " + iteration);
    }

    /** The checkpoints of iterations {@code from..to} (inclusive) still stored, in order (the last two at most). */
    public List<Checkpoint> checkpoints(long from, long to) {
        return Records.readRange(store, RecordKind.CHECKPOINTS, Checkpoint.parser(), KeyCodec.iteration(from), KeyCodec.after(to),
                "checkpoint");
    }

    /**
     * What one iteration commits: a control world's experience (one batch per env runner) or ChatWorld's responses
     * (one record per shard), its metrics line, its checkpoint when one is due (else null), whether it is the run's
     * last iteration, and the comparisons of a labeling round.
     */
    public record IterationRecords(long iteration, List<ExperienceBatch> experience, MetricsLine metrics, Checkpoint checkpoint,
            boolean last, List<Comparison> comparisons, List<ChatResponses> responses) {
        public IterationRecords {
            experience = List.copyOf(experience);
            comparisons = List.copyOf(comparisons);
            responses = List.copyOf(responses);
            Set<Integer> shards = new HashSet<>();
            for (ChatResponses r : responses) {
                if (r.getIteration() != iteration) {
                    throw new IllegalArgumentException("responses of shard " + r.getShard() + " belong to iteration "
                            + r.getIteration() + ", not " + iteration);
                }
                if (!shards.add(r.getShard())) {
                    throw new IllegalArgumentException("iteration " + iteration + " has two response records of shard "
                            + r.getShard() + "; expected one per shard");
                }
            }
        }

        /** A control-world iteration: experience, and no comparisons or responses. */
        public IterationRecords(long iteration, List<ExperienceBatch> experience, MetricsLine metrics, Checkpoint checkpoint,
                boolean last) {
            this(iteration, experience, metrics, checkpoint, last, List.of(), List.of());
        }
    }

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
            for (ChatResponses responses : records.responses()) {
                batch.put(RecordKind.RESPONSES, KeyCodec.record(iteration, responses.getShard(), 0), responses.toByteArray());
            }
            batch.put(RecordKind.METRICS, KeyCodec.iteration(iteration), records.metrics().toByteArray());
            if (!records.comparisons().isEmpty()) {
                // A labeling round's comparisons commit with the iteration that asked for them.
                ComparisonRepository.stage(batch, iteration, 0, records.comparisons());
            }
            if (records.checkpoint() != null) {
                OptionalLong previous = lastCheckpoint();
                batch.put(RecordKind.CHECKPOINTS, KeyCodec.iteration(iteration), records.checkpoint().toByteArray());
                batch.put(RecordKind.META, MetaKey.LAST_CHECKPOINT.bytes(), KeyCodec.iteration(iteration));
                if (previous.isPresent()) {
                    batch.deleteRange(RecordKind.CHECKPOINTS, KeyCodec.iteration(0), KeyCodec.iteration(previous.getAsLong()));
                }
            }
            if (keepIterations > 0 && iteration >= keepIterations) {
                byte[] firstKept = KeyCodec.iteration(iteration - keepIterations + 1);
                batch.deleteRange(RecordKind.EXPERIENCE, KeyCodec.iteration(0), firstKept)
                        .deleteRange(RecordKind.RESPONSES, KeyCodec.iteration(0), firstKept);
            }
            if (records.last()) {
                batch.put(RecordKind.META, MetaKey.COMPLETE.bytes(), new byte[] {1});
            }
            batch.commit();
        }
    }

    /**
     * Deletes every iteration's records after {@code iteration}: a resumed run recomputes them from the checkpoint.
     * Pipeline stages keyed after {@code iteration} go too, with the models they stored, in the same batch: the store
     * then reads as if the pipeline had stopped before them, and a resumed pipeline, which restarts at the first
     * stage not stored, reruns them. Stages at or before {@code iteration} keep their records and models (their
     * comparisons and metrics are not after it), and so the resume of a PPO stage leaves the earlier stages alone.
     */
    public void truncateAfter(long iteration) {
        byte[] from = KeyCodec.after(iteration);
        byte[] to = KeyCodec.iteration(Long.MAX_VALUE);
        try (RocksStore.Batch batch = store.batch()) {
            batch.deleteRange(RecordKind.EXPERIENCE, from, to)
                    .deleteRange(RecordKind.RESPONSES, from, to)
                    .deleteRange(RecordKind.COMPARISONS, from, to)
                    .deleteRange(RecordKind.METRICS, from, to)
                    .deleteRange(RecordKind.CHECKPOINTS, from, to);
            OptionalLong last = lastCheckpoint();
            if (last.isPresent() && last.getAsLong() > iteration) {
                // The pointer must not outlive its checkpoint; a run cut back is no longer complete.
                List<Checkpoint> kept = checkpoints(0, iteration);
                if (kept.isEmpty()) {
                    batch.delete(RecordKind.META, MetaKey.LAST_CHECKPOINT.bytes());
                } else {
                    batch.put(RecordKind.META, MetaKey.LAST_CHECKPOINT.bytes(), KeyCodec.iteration(kept.get(kept.size() - 1).getIteration()));
                }
                batch.delete(RecordKind.META, MetaKey.COMPLETE.bytes());
            }
            for (StageRecord stage : stages()) {
                if (stage.getIteration() > iteration) {
                    batch.delete(RecordKind.META, KeyCodec.stage(stage.getIndex(), stage.getStage()));
                    for (String model : stage.getModelsList()) {
                        batch.delete(RecordKind.META, KeyCodec.model(model));
                    }
                }
            }
            batch.commit();
        }
    }

    /**
     * Commits one pipeline stage atomically, in one write batch: its comparisons (numbered 0.. under its iteration
     * and shard), its models (by name), its metrics line (by its iteration) and its {@link StageCommit#stored()
     * stage record}. A crash leaves the stage either fully stored or not at all.
     *
     * <p>Writes nothing and throws {@link IllegalArgumentException}, naming the stage, when: its index is already
     * stored or comes before the last stored stage's (stages commit in pipeline order); its iteration is before the
     * last stored stage's (so that {@link #truncateAfter} drops a suffix of the pipeline); one of its models is
     * already stored (a model is written once, by the stage that trained it, so that truncation can drop it with
     * that stage); its iteration already has a metrics line, or its (iteration, shard) already holds comparisons
     * (a stage never overwrites another's records). {@link StageCommit} checks the rest (empty or repeated model
     * names, records of another iteration). One writer at a time, as for {@link #commit}.
     */
    public void commitStage(StageCommit commit) {
        StageRecord record = commit.stored();
        long iteration = commit.iteration();
        StageCommitChecks.check(commit, stages(), store, comparisons());
        try (RocksStore.Batch batch = store.batch()) {
            ComparisonRepository.stage(batch, iteration, commit.shard(), commit.comparisons());
            for (ModelRecord model : commit.models()) {
                batch.put(RecordKind.META, KeyCodec.model(model.getName()), model.toByteArray());
            }
            if (commit.metrics() != null) {
                batch.put(RecordKind.METRICS, KeyCodec.iteration(iteration), commit.metrics().toByteArray());
            }
            batch.put(RecordKind.META, KeyCodec.stage(record.getIndex(), record.getStage()), record.toByteArray());
            batch.commit();
        }
    }

    /** The finished pipeline stages, in pipeline (index) order. */
    public List<StageRecord> stages() {
        List<StageRecord> stages = new ArrayList<>();
        scanPrefix(KeyCodec.STAGE_PREFIX, (name, value) -> stages.add(Records.parse(StageRecord.parser(), value, "stage record " + name)));
        return stages;
    }

    /** The model stored as {@code name}, or empty. */
    public Optional<ModelRecord> model(String name) {
        byte[] value = store.get(RecordKind.META, KeyCodec.model(name));
        return value == null ? Optional.empty() : Optional.of(Records.parse(ModelRecord.parser(), value, "model " + name));
    }

    /** The names of the stored models, sorted. */
    public List<String> modelNames() {
        List<String> names = new ArrayList<>();
        scanPrefix(KeyCodec.MODEL_PREFIX, (name, value) -> names.add(name));
        names.sort(null);
        return names;
    }

    /** Visits the meta records whose key starts with {@code prefix}, with the rest of the key, in key order. */
    private void scanPrefix(String prefix, BiConsumer<String, byte[]> visitor) {
        store.scan(RecordKind.META, KeyCodec.prefixStart(prefix), KeyCodec.prefixEnd(prefix), (key, value) -> {
            visitor.accept(KeyCodec.nameAfter(prefix, key), value);
            return true;
        });
    }

    /** The metrics lines of iterations {@code <= iteration}, in order. */
    public List<MetricsLine> metricsThrough(long iteration) {
        return Records.readRange(store, RecordKind.METRICS, MetricsLine.parser(), null, KeyCodec.after(iteration), "metrics");
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

    public ChatResponseRepository responses() {
        return new ChatResponseRepository(store);
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
