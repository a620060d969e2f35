package dev.alignsim.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.alignsim.env.Rng;
import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One PPO iteration's records of the default CartPole experiment (2 env runners × 2 envs × 128 steps = 512
 * transitions in 2 experience records, plus its metrics line), appended and read back through the run store
 * versus raw RocksDB WriteBatch puts and iterator reads of the same bytes, keys and column families.
 * One operation = one iteration's records (3 records, 512 transitions).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {
    private static final int SHARDS = 2;
    private static final int ENVS = 2;
    private static final int STEPS = 128;
    /** Iterations written at set-up, which the read benchmarks cycle through. */
    private static final int PREFILLED = 200;

    private Path dir;
    private RunStore store;
    private List<ExperienceBatch> experience;
    private MetricsLine metrics;
    private byte[][] experienceBytes;
    private byte[] metricsBytes;
    private long iteration;

    private DBOptions rawOptions;
    private List<ColumnFamilyOptions> rawFamilyOptions;
    private List<ColumnFamilyHandle> rawHandles;
    private RocksDB raw;
    private WriteOptions rawWrite;
    private long rawIteration;
    private long reads;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "store-bench");
        Files.createDirectories(dir.resolve("run"));
        store = RunStore.create(dir.resolve("run"), "bench", StoreOptions.defaults());
        experience = new ArrayList<>();
        experienceBytes = new byte[SHARDS][];
        Rng rng = new Rng(1);
        for (int shard = 0; shard < SHARDS; shard++) {
            int rows = STEPS * ENVS;
            float[] obs = new float[rows * 4];
            float[] actions = new float[rows];
            float[] logProbs = new float[rows];
            float[] values = new float[rows];
            float[] rewards = new float[rows];
            boolean[] terminated = new boolean[rows];
            float[] advantages = new float[rows];
            float[] returns = new float[rows];
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < 4; j++) {
                    obs[row * 4 + j] = (float) rng.nextGaussian();
                }
                actions[row] = rng.nextInt(2);
                logProbs[row] = (float) -rng.nextDouble();
                values[row] = (float) rng.nextGaussian();
                rewards[row] = 1f;
                terminated[row] = rng.nextInt(40) == 0;
                advantages[row] = (float) rng.nextGaussian();
                returns[row] = (float) rng.nextGaussian();
            }
            ExperienceBatch.Builder b = ExperienceBatch.newBuilder().setShard(shard).setSteps(STEPS).setEnvs(ENVS)
                    .setObsDim(4).setActionDim(1).setPolicyVersion(1)
                    .setObservations(ExperienceColumns.floats(obs)).setActions(ExperienceColumns.floats(actions))
                    .setLogProbs(ExperienceColumns.floats(logProbs)).setValues(ExperienceColumns.floats(values))
                    .setRewards(ExperienceColumns.floats(rewards)).setTerminated(ExperienceColumns.flags(terminated))
                    .setTruncated(ExperienceColumns.flags(new boolean[rows])).setAdvantages(ExperienceColumns.floats(advantages))
                    .setReturns(ExperienceColumns.floats(returns));
            experience.add(b.build());
            experienceBytes[shard] = experience.get(shard).toByteArray();
        }
        metrics = MetricsLine.newBuilder().setJson("{\"iteration\":1,\"env_steps\":512,\"episode_return_mean\":21.5,"
                + "\"policy/approx_kl\":0.0012,\"policy/clipfrac\":0.01,\"value/explained_variance\":0.3}").build();
        metricsBytes = metrics.toByteArray();
        openRaw(dir.resolve("raw"));
        for (int i = 0; i < PREFILLED; i++) {
            storeAppend();
            rawAppend();
        }
    }

    private void openRaw(Path path) throws Exception {
        rawOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        rawFamilyOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        ColumnFamilyOptions defaults = new ColumnFamilyOptions();
        rawFamilyOptions.add(defaults);
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaults));
        for (RecordKind kind : RecordKind.values()) {
            ColumnFamilyOptions options = new ColumnFamilyOptions().setWriteBufferSize(16L << 20)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION);
            rawFamilyOptions.add(options);
            descriptors.add(new ColumnFamilyDescriptor(kind.familyName().getBytes(), options));
        }
        rawHandles = new ArrayList<>();
        raw = RocksDB.open(rawOptions, path.toString(), descriptors, rawHandles);
        rawWrite = new WriteOptions();
    }

    private ColumnFamilyHandle rawFamily(RecordKind kind) {
        return rawHandles.get(kind.ordinal() + 1);
    }

    /** Through the store: Protobuf encoding, key encoding and one WriteBatch. */
    @Benchmark
    public long storeAppend() {
        store.commit(new RunStore.IterationRecords(++iteration, experience, metrics, null, false), 0);
        return iteration;
    }

    /** Raw RocksDB: the same (already encoded) bytes under the same keys, in one WriteBatch. */
    @Benchmark
    public long rawAppend() throws Exception {
        long it = ++rawIteration;
        try (WriteBatch batch = new WriteBatch()) {
            for (int shard = 0; shard < SHARDS; shard++) {
                batch.put(rawFamily(RecordKind.EXPERIENCE), KeyCodec.record(it, shard, 0), experienceBytes[shard]);
            }
            batch.put(rawFamily(RecordKind.METRICS), KeyCodec.iteration(it), metricsBytes);
            raw.write(rawWrite, batch);
        }
        return it;
    }

    /** Through the store: read one iteration's experience records and decode them. */
    @Benchmark
    public int storeRead() {
        long it = 1 + (reads++ % PREFILLED);
        return store.experience().range(it, it).size();
    }

    /** Raw RocksDB: iterate one iteration's experience keys and copy their bytes. */
    @Benchmark
    public int rawRead() {
        long it = 1 + (reads++ % PREFILLED);
        int bytes = 0;
        try (RocksIterator i = raw.newIterator(rawFamily(RecordKind.EXPERIENCE))) {
            byte[] end = KeyCodec.after(it);
            for (i.seek(KeyCodec.iteration(it)); i.isValid() && Arrays.compareUnsigned(i.key(), end) < 0; i.next()) {
                bytes += i.value().length;
            }
        }
        return bytes;
    }

    /** Decoding alone: one iteration's two experience records from their bytes (what storeRead adds to rawRead). */
    @Benchmark
    public long decodeOnly() throws Exception {
        long sum = 0;
        for (byte[] bytes : experienceBytes) {
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            input.enableAliasing(true);
            sum += ExperienceBatch.parser().parseFrom(input).getSteps();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        for (ColumnFamilyHandle h : rawHandles) {
            h.close();
        }
        raw.close();
        rawWrite.close();
        for (ColumnFamilyOptions o : rawFamilyOptions) {
            o.close();
        }
        rawOptions.close();
    }
}
