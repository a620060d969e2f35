package dev.alignsim.app.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a directory with its SHA-256, to check that a command wrote nothing. */
final class StoreFiles {
    private StoreFiles() {}

    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(root.relativize(p).toString(), sha256(p));
                } else if (Files.isDirectory(p)) {
                    files.put(root.relativize(p) + "/", "dir");
                }
            }
        }
        return files;
    }

    private static String sha256(Path p) throws IOException, java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** Overwrites {@code count} bytes in the middle of the largest SST file of the store with 0x5A. */
    static Path corruptLargestSst(Path store, int count) throws IOException {
        Path largest;
        try (Stream<Path> files = Files.list(store)) {
            largest = files.filter(p -> p.getFileName().toString().endsWith(".sst"))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow(() -> new AssertionError("no SST file in " + store));
        }
        byte[] bytes = Files.readAllBytes(largest);
        int start = bytes.length / 2 - count / 2;
        for (int i = 0; i < count; i++) {
            bytes[start + i] = 0x5A;
        }
        Files.write(largest, bytes);
        return largest;
    }
}
