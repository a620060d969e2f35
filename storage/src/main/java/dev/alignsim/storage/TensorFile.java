package dev.alignsim.storage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small binary file of named float tensors (big-endian): magic {@code ASWT}, format version, tensor count, then
 * per tensor its name, rank, dimensions and values. Written to a temporary file and moved into place, so a crash
 * never leaves a half-written file under the final name.
 */
public final class TensorFile {
    private static final int MAGIC = 0x41535754; // "ASWT"
    private static final int VERSION = 1;

    private TensorFile() {}

    public static void write(Path path, List<StoredTensor> tensors) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(tensors.size());
            for (StoredTensor t : tensors) {
                out.writeUTF(t.name());
                out.writeInt(t.shape().length);
                for (int d : t.shape()) {
                    out.writeInt(d);
                }
                out.writeInt(t.values().length);
                for (float v : t.values()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tensors to " + tmp, e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + path, e);
        }
    }

    public static List<StoredTensor> read(Path path) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(path + " is not an AlignSim tensor file (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(path + " has tensor format version " + version + ", this build reads " + VERSION);
            }
            int count = in.readInt();
            List<StoredTensor> tensors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int[] shape = new int[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readInt();
                }
                float[] values = new float[in.readInt()];
                for (int v = 0; v < values.length; v++) {
                    values[v] = in.readFloat();
                }
                tensors.add(new StoredTensor(name, shape, values));
            }
            return tensors;
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(path + " is truncated: the tensor file ends early", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensors from " + path, e);
        }
    }
}
