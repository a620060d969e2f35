package dev.alignsim.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The packed columns of an {@code ExperienceBatch}: float32 little-endian, and flags as one byte each. */
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

    public static float floatAt(ByteString column, int index) {
        return column.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat(index * Float.BYTES);
    }

    public static boolean flagAt(ByteString column, int index) {
        return column.byteAt(index) != 0;
    }

    /** Rows in a batch: one reward each. */
    public static int rows(dev.alignsim.storage.proto.ExperienceBatch batch) {
        return batch.getRewards().size() / Float.BYTES;
    }
}
