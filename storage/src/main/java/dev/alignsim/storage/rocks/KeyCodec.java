package dev.alignsim.storage.rocks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Every key of a run store. Record keys are big-endian so that RocksDB's byte order is time order: iteration
 * (8 bytes), then shard (4), then sequence (4). Iterations, shards and sequences are non-negative, so unsigned byte
 * order equals numeric order.
 *
 * <p>Meta keys are UTF-8 names: the run's fixed records ({@link MetaKey}), trained models under {@code model/<name>}
 * and finished pipeline stages under {@code stage/<index, 10 digits>/<stage>}. No fixed name contains {@code /}, so
 * none collides with a prefixed key; the stage index is zero-padded so that byte order is pipeline order.
 */
public final class KeyCodec {
    public static final int ITERATION_KEY_BYTES = 8;
    public static final int RECORD_KEY_BYTES = 16;
    public static final String MODEL_PREFIX = "model/";
    public static final String STAGE_PREFIX = "stage/";

    /** The run's fixed records in the meta column family. */
    public enum MetaKey {
        /** The layout the store was written with: a 4-byte big-endian int. */
        SCHEMA_VERSION("schema_version"),
        /** The resolved configuration, UTF-8. */
        CONFIG("config"),
        /** SHA-256 of the resolved configuration, hex. */
        CONFIG_DIGEST("config_digest"),
        /** The iteration of the last committed checkpoint, as an iteration key. */
        LAST_CHECKPOINT("last_checkpoint"),
        /** Present once the run finished its last iteration. */
        COMPLETE("complete");

        private final String keyName;

        MetaKey(String keyName) {
            this.keyName = keyName;
        }

        public String keyName() {
            return keyName;
        }

        /** A new array each time: callers may not share a mutable key. */
        public byte[] bytes() {
            return utf8(keyName);
        }
    }

    private KeyCodec() {}

    /** A key that orders by iteration alone (metrics, checkpoints). */
    public static byte[] iteration(long iteration) {
        checkNonNegative(iteration, "iteration");
        return ByteBuffer.allocate(ITERATION_KEY_BYTES).putLong(iteration).array();
    }

    /** A key that orders by iteration, then shard, then sequence (experience, comparisons). */
    public static byte[] record(long iteration, int shard, int sequence) {
        checkNonNegative(iteration, "iteration");
        checkNonNegative(shard, "shard");
        checkNonNegative(sequence, "sequence");
        return ByteBuffer.allocate(RECORD_KEY_BYTES).putLong(iteration).putInt(shard).putInt(sequence).array();
    }

    /** The first key after every key of iteration {@code iteration} (an exclusive upper bound; saturates). */
    public static byte[] after(long iteration) {
        return iteration >= Long.MAX_VALUE - 1 ? iteration(Long.MAX_VALUE) : iteration(iteration + 1);
    }

    /** The iteration a key of either kind starts with. */
    public static long iterationOf(byte[] key) {
        if (key.length < ITERATION_KEY_BYTES) {
            throw new IllegalArgumentException("key of " + key.length + " bytes holds no iteration");
        }
        return ByteBuffer.wrap(key).getLong();
    }

    public static int shardOf(byte[] key) {
        checkRecordKey(key);
        return ByteBuffer.wrap(key).getInt(ITERATION_KEY_BYTES);
    }

    public static int sequenceOf(byte[] key) {
        checkRecordKey(key);
        return ByteBuffer.wrap(key).getInt(ITERATION_KEY_BYTES + 4);
    }

    /** The meta key of the model stored as {@code name}. */
    public static byte[] model(String name) {
        return utf8(MODEL_PREFIX + name);
    }

    /** The meta key of pipeline stage {@code index} named {@code stage}; ordered by index (any non-negative int). */
    public static byte[] stage(int index, String stage) {
        checkNonNegative(index, "stage index");
        return utf8(STAGE_PREFIX + String.format(Locale.ROOT, "%010d", index) + "/" + stage);
    }

    /** The first key of a prefix range: the prefix itself. */
    public static byte[] prefixStart(String prefix) {
        return utf8(prefix);
    }

    /** The first key after every key that starts with {@code prefix} (an exclusive upper bound). */
    public static byte[] prefixEnd(String prefix) {
        byte[] end = utf8(prefix);
        if (end.length == 0 || end[end.length - 1] == (byte) 0xFF) {
            throw new IllegalArgumentException("prefix '" + prefix + "' has no upper bound of its length; expected a non-empty "
                    + "prefix whose last byte is not 0xFF");
        }
        end[end.length - 1]++;
        return end;
    }

    /** What follows {@code prefix} in {@code key} (a model's name, a stage's index and name). */
    public static String nameAfter(String prefix, byte[] key) {
        byte[] start = utf8(prefix);
        if (key.length < start.length || !Arrays.equals(key, 0, start.length, start, 0, start.length)) {
            throw new IllegalArgumentException("key '" + new String(key, StandardCharsets.UTF_8) + "' does not start with '"
                    + prefix + "'");
        }
        return new String(key, start.length, key.length - start.length, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void checkRecordKey(byte[] key) {
        if (key.length != RECORD_KEY_BYTES) {
            throw new IllegalArgumentException("record keys have " + RECORD_KEY_BYTES + " bytes, got " + key.length);
        }
    }

    private static void checkNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0 in a key, got " + value);
        }
    }
}
