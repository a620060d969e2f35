package dev.alignsim.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
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
        for (StoredTensor t : tensors) {
            if (t.name() == null || t.name().isEmpty()) {
                throw new IllegalArgumentException("cannot write " + path + ": a tensor has no name");
            }
            if (product(t.shape()) != t.values().length) {
                throw new IllegalArgumentException("cannot write " + path + ": tensor " + t.name() + " has shape "
                        + Arrays.toString(t.shape()) + " but " + t.values().length + " values");
            }
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
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
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot write tensors to " + tmp, io);
            }
            throw (RuntimeException) e;
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + path, e);
        }
    }

    private static long product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A count read from the file, refused when negative or larger than the file could hold. */
    private static int checkedCount(int value, long max, Path path, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(path + " is corrupt: " + what + " is " + value);
        }
        return value;
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    public static List<StoredTensor> read(Path path) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(path + " is not an AlignSim tensor file (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(path + " has tensor format version " + version + ", this build reads " + VERSION);
            }
            long remaining = Files.size(path);
            int count = checkedCount(in.readInt(), remaining / 4, path, "tensor count");
            List<StoredTensor> tensors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int[] shape = new int[checkedCount(in.readInt(), 16, path, "rank of tensor " + name)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = checkedCount(in.readInt(), remaining / 4, path, "dimension " + d + " of tensor " + name);
                }
                int length = checkedCount(in.readInt(), remaining / 4, path, "value count of tensor " + name);
                if (product(shape) != length) {
                    throw new IllegalArgumentException(path + " is corrupt: tensor " + name + " has shape "
                            + Arrays.toString(shape) + " but " + length + " values");
                }
                float[] values = new float[length];
                for (int v = 0; v < values.length; v++) {
                    values[v] = in.readFloat();
                }
                tensors.add(new StoredTensor(name, shape, values));
            }
            return tensors;
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated: the tensor file ends early", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensors from " + path, e);
        }
    }
}
