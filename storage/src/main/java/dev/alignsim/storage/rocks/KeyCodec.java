package dev.alignsim.storage.rocks;

import java.nio.ByteBuffer;

/**
 * Record keys, big-endian so that RocksDB's byte order is time order: iteration (8 bytes), then shard (4), then
 * sequence (4). Iterations, shards and sequences are non-negative, so unsigned byte order equals numeric order.
 */
public final class KeyCodec {
    public static final int ITERATION_KEY_BYTES = 8;
    public static final int RECORD_KEY_BYTES = 16;

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
