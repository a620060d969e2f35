package dev.alignsim.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.alignsim.storage.proto.ExperienceBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packed columns of an {@code ExperienceBatch} and a {@code ChatResponses}: float32 little-endian, and flags as one
 * byte each.
 */
public final class ExperienceColumns {
    private ExperienceColumns() {}

    public static ByteString floats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        // The array is ours and never written again: wrap it instead of copying it.
        return UnsafeByteOperations.unsafeWrap(buffer.array());
    }

    public static ByteString flags(boolean[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    public static float[] floats(ByteString column) {
        float[] values = new float[column.size() / Float.BYTES];
        column.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public static boolean[] flags(ByteString column) {
        boolean[] values = new boolean[column.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.byteAt(i) != 0;
        }
        return values;
    }

    /** Entry {@code index} of a float column. */
    public static float floatAt(ByteString column, int index) {
        // A column parsed from a stored record is a view into the record's bytes: its buffer starts at a position
        // other than 0, and an absolute read must count from there.
        ByteBuffer buffer = column.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return buffer.getFloat(buffer.position() + index * Float.BYTES);
    }

    public static boolean flagAt(ByteString column, int index) {
        return column.byteAt(index) != 0;
    }

    /** Rows (transitions) in a batch: one reward each. */
    public static int rows(ExperienceBatch batch) {
        return batch.getRewards().size() / Float.BYTES;
    }
}
