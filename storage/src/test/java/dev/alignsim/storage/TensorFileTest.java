package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {

    @TempDir
    Path dir;

    private static List<StoredTensor> sample() {
        return List.of(
                new StoredTensor("w0", new int[] {2, 3}, new float[] {1f, -2.5f, 3.25f, 0f, -0f, 1e-30f}),
                new StoredTensor("b0", new int[] {2}, new float[] {Float.MAX_VALUE, Float.MIN_VALUE}),
                new StoredTensor("scalar", new int[] {}, new float[] {Float.NaN}),
                new StoredTensor("naïve/ü", new int[] {1, 1, 2}, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}));
    }

    @Test
    void shouldReadBackSameNamesShapesAndValuesWhenWritten() {
        Path path = dir.resolve("policy.bin");
        List<StoredTensor> written = sample();

        TensorFile.write(path, written);
        List<StoredTensor> read = TensorFile.read(path);

        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            StoredTensor expected = written.get(i);
            StoredTensor actual = read.get(i);
            assertEquals(expected.name(), actual.name());
            assertArrayEquals(expected.shape(), actual.shape(), expected.name());
            assertArrayEquals(bits(expected.values()), bits(actual.values()), expected.name());
        }
    }

    @Test
    void shouldReadEmptyListWhenNoTensorsWritten() {
        Path path = dir.resolve("empty.bin");

        TensorFile.write(path, List.of());

        assertEquals(List.of(), TensorFile.read(path));
    }

    @Test
    void shouldReplaceContentsWhenFileAlreadyExists() {
        Path path = dir.resolve("policy.bin");
        TensorFile.write(path, sample());

        TensorFile.write(path, List.of(new StoredTensor("only", new int[] {1}, new float[] {42f})));

        List<StoredTensor> read = TensorFile.read(path);
        assertEquals(1, read.size());
        assertEquals("only", read.get(0).name());
        assertArrayEquals(new float[] {42f}, read.get(0).values());
    }

    @Test
    void shouldLeaveNoTmpFileWhenWriteSucceeds() throws IOException {
        Path path = dir.resolve("critic.bin");

        TensorFile.write(path, sample());

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(path.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void shouldRejectFileWithPathInMessageWhenMagicNumberIsWrong() throws IOException {
        Path path = dir.resolve("not-tensors.bin");
        Files.write(path, ByteBuffer.allocate(16).putInt(0x12345678).putInt(1).putInt(0).array());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFile.read(path));

        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void shouldRejectFileWithPathAndTruncatedInMessageWhenFileEndsEarly() throws IOException {
        Path path = dir.resolve("policy.bin");
        TensorFile.write(path, sample());
        byte[] full = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(full, full.length - 3));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFile.read(path));

        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shouldRejectFileAsTruncatedWhenItEndsInsideHeader() throws IOException {
        Path path = dir.resolve("short.bin");
        Files.write(path, new byte[] {0x41, 0x53});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFile.read(path));

        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shouldRejectWriteAndLeaveNoTmpFileWhenShapeAndValuesDisagree() throws IOException {
        Path path = dir.resolve("bad.bin");
        List<StoredTensor> bad = List.of(new StoredTensor("w", new int[] {2, 2}, new float[] {1f, 2f, 3f}));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFile.write(path, bad));

        assertTrue(e.getMessage().contains("w"), e.getMessage());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void shouldNamePathWhenTensorCountIsNegative() throws IOException {
        Path path = dir.resolve("negative.bin");
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(12).putInt(0x41535754).putInt(1).putInt(-1);
        java.nio.file.Files.write(path, header.array());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFile.read(path));

        assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
