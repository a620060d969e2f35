package dev.alignsim.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

    private record Tuple(long iteration, int shard, int sequence) {}

    private static final Comparator<Tuple> NUMERIC = Comparator.comparingLong(Tuple::iteration)
            .thenComparingInt(Tuple::shard)
            .thenComparingInt(Tuple::sequence);

    /** Values around byte and sign boundaries, where signed and unsigned byte order part ways. */
    private static final long[] ITERATION_EDGES = {0, 1, 127, 128, 255, 256, 257, 65535, 65536, (1L << 31) - 1, 1L << 31,
            (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 40) + 255, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    private static final int[] INT_EDGES = {0, 1, 127, 128, 255, 256, 257, 65535, 65536, 1 << 24, Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE};

    private static Tuple randomTuple(SplittableRandom random) {
        long iteration = switch (random.nextInt(4)) {
            case 0 -> ITERATION_EDGES[random.nextInt(ITERATION_EDGES.length)];
            case 1 -> random.nextLong(0, 1024);
            case 2 -> random.nextLong(1L << 31, 1L << 33);
            default -> random.nextLong(0, Long.MAX_VALUE);
        };
        return new Tuple(iteration, randomInt(random), randomInt(random));
    }

    private static int randomInt(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> INT_EDGES[random.nextInt(INT_EDGES.length)];
            case 1 -> random.nextInt(0, 512);
            default -> random.nextInt(0, Integer.MAX_VALUE);
        };
    }

    @Test
    void shouldOrderRecordKeysNumericallyWhenComparedAsUnsignedBytes() {
        SplittableRandom random = new SplittableRandom(42);
        List<Tuple> tuples = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            tuples.add(randomTuple(random));
        }
        int compared = 0;
        for (int i = 0; i < tuples.size(); i++) {
            Tuple a = tuples.get(i);
            Tuple b = tuples.get((i * 7919 + 13) % tuples.size());
            byte[] ka = KeyCodec.record(a.iteration(), a.shard(), a.sequence());
            byte[] kb = KeyCodec.record(b.iteration(), b.shard(), b.sequence());
            assertEquals(Integer.signum(NUMERIC.compare(a, b)), Integer.signum(Arrays.compareUnsigned(ka, kb)),
                    () -> a + " vs " + b);
            compared++;
        }
        assertEquals(5000, compared);
    }

    @Test
    void shouldSortRecordKeysInNumericOrderWhenSortedByUnsignedBytes() {
        SplittableRandom random = new SplittableRandom(7);
        List<Tuple> tuples = new ArrayList<>();
        for (long it : ITERATION_EDGES) {
            for (int shard : new int[] {0, 255, 256}) {
                for (int seq : new int[] {0, 255, 256, Integer.MAX_VALUE}) {
                    tuples.add(new Tuple(it, shard, seq));
                }
            }
        }
        for (int i = 0; i < 2000; i++) {
            tuples.add(randomTuple(random));
        }
        List<Tuple> byNumber = new ArrayList<>(tuples);
        byNumber.sort(NUMERIC);
        List<Tuple> byBytes = new ArrayList<>(tuples);
        byBytes.sort((a, b) -> Arrays.compareUnsigned(KeyCodec.record(a.iteration(), a.shard(), a.sequence()),
                KeyCodec.record(b.iteration(), b.shard(), b.sequence())));

        assertEquals(byNumber, byBytes);
    }

    @Test
    void shouldOrderIterationKeysNumericallyWhenComparedAsUnsignedBytes() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            long a = random.nextBoolean() ? ITERATION_EDGES[random.nextInt(ITERATION_EDGES.length)] : random.nextLong(0, Long.MAX_VALUE);
            long b = random.nextBoolean() ? ITERATION_EDGES[random.nextInt(ITERATION_EDGES.length)] : random.nextLong(0, Long.MAX_VALUE);
            assertEquals(Integer.signum(Long.compare(a, b)),
                    Integer.signum(Arrays.compareUnsigned(KeyCodec.iteration(a), KeyCodec.iteration(b))), a + " vs " + b);
        }
    }

    @Test
    void shouldOrderByteBoundaryNeighboursWhenIterationCrosses255And2To31() {
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.iteration(255), KeyCodec.iteration(256))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.iteration(127), KeyCodec.iteration(128))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.iteration((1L << 31) - 1), KeyCodec.iteration(1L << 31))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.record(255, Integer.MAX_VALUE, Integer.MAX_VALUE),
                KeyCodec.record(256, 0, 0))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.record(1, 255, Integer.MAX_VALUE),
                KeyCodec.record(1, 256, 0))));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(KeyCodec.record(1, 1, 255), KeyCodec.record(1, 1, 256))));
    }

    @Test
    void shouldSortIterationKeyBeforeItsRecordKeysWhenIterationIsEqual() {
        byte[] bound = KeyCodec.iteration(300);
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(bound, KeyCodec.record(300, 0, 0))));
        assertEquals(1, Integer.signum(Arrays.compareUnsigned(bound, KeyCodec.record(299, Integer.MAX_VALUE, Integer.MAX_VALUE))));
    }

    @Test
    void shouldRoundTripRecordFieldsWhenDecoded() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            Tuple t = randomTuple(random);
            byte[] key = KeyCodec.record(t.iteration(), t.shard(), t.sequence());
            assertEquals(KeyCodec.RECORD_KEY_BYTES, key.length);
            assertEquals(t, new Tuple(KeyCodec.iterationOf(key), KeyCodec.shardOf(key), KeyCodec.sequenceOf(key)));
        }
    }

    @Test
    void shouldRoundTripIterationWhenIterationKeyDecoded() {
        for (long it : ITERATION_EDGES) {
            byte[] key = KeyCodec.iteration(it);
            assertEquals(KeyCodec.ITERATION_KEY_BYTES, key.length);
            assertEquals(it, KeyCodec.iterationOf(key));
        }
    }

    @Test
    void shouldRejectIterationKeyWhenIterationIsNegative() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.iteration(-1));
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.iteration(Long.MIN_VALUE));
    }

    @Test
    void shouldRejectRecordKeyWhenIterationIsNegative() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.record(-1, 0, 0));
    }

    @Test
    void shouldRejectRecordKeyWhenShardIsNegative() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.record(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.record(0, Integer.MIN_VALUE, 0));
    }

    @Test
    void shouldRejectRecordKeyWhenSequenceIsNegative() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.record(0, 0, -1));
    }

    @Test
    void shouldRejectShardAndSequenceWhenKeyIsAnIterationKey() {
        byte[] key = KeyCodec.iteration(5);
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.shardOf(key));
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.sequenceOf(key));
    }

    @Test
    void shouldRejectIterationOfWhenKeyIsShorterThanEightBytes() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.iterationOf(new byte[7]));
    }

    private static boolean inPrefixRange(byte[] key, String prefix) {
        return Arrays.compareUnsigned(key, KeyCodec.prefixStart(prefix)) >= 0
                && Arrays.compareUnsigned(key, KeyCodec.prefixEnd(prefix)) < 0;
    }

    @Test
    void shouldOrderStageKeysByIndexWhenIndicesHaveDifferentDigitCounts() {
        int[] indices = {0, 1, 9, 10, 99, 100, 123_456, Integer.MAX_VALUE};
        for (int i = 1; i < indices.length; i++) {
            // The names run against the index order, so only the index can explain the byte order.
            byte[] before = KeyCodec.stage(indices[i - 1], "sft");
            byte[] after = KeyCodec.stage(indices[i], "label");
            assertEquals(-1, Integer.signum(Arrays.compareUnsigned(before, after)), indices[i - 1] + " vs " + indices[i]);
        }
    }

    @Test
    void shouldReadModelNameBackWhenKeyIsInTheModelRange() {
        byte[] key = KeyCodec.model("rm/1");

        assertTrue(inPrefixRange(key, KeyCodec.MODEL_PREFIX));
        assertEquals("rm/1", KeyCodec.nameAfter(KeyCodec.MODEL_PREFIX, key));
    }

    @Test
    void shouldKeepFixedMetaKeysOutOfPrefixRangesWhenScanned() {
        for (KeyCodec.MetaKey key : KeyCodec.MetaKey.values()) {
            assertFalse(inPrefixRange(key.bytes(), KeyCodec.MODEL_PREFIX), key.keyName());
            assertFalse(inPrefixRange(key.bytes(), KeyCodec.STAGE_PREFIX), key.keyName());
        }
    }

    @Test
    void shouldKeepModelAndStageKeysInTheirOwnRangesWhenBothExist() {
        assertFalse(inPrefixRange(KeyCodec.model("sft"), KeyCodec.STAGE_PREFIX));
        assertFalse(inPrefixRange(KeyCodec.stage(0, "sft"), KeyCodec.MODEL_PREFIX));
    }

    @Test
    void shouldRejectStageKeyWhenIndexIsNegative() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.stage(-1, "sft"));
    }

    @Test
    void shouldRejectNameAfterWhenKeyHasAnotherPrefix() {
        assertThrows(IllegalArgumentException.class, () -> KeyCodec.nameAfter(KeyCodec.MODEL_PREFIX, KeyCodec.stage(0, "sft")));
    }
}
