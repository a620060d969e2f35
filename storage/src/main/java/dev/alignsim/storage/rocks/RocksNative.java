package dev.alignsim.storage.rocks;

import dev.alignsim.storage.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library from the per-user cache ({@code <cache>/native/rocksdbjni-<version>/}), unpacking
 * it there from the jar once per version. RocksDB's own loader unpacks its 15 MB library into {@code java.io.tmpdir}
 * on every start and leaves a copy behind whenever a process is killed; this one unpacks once. When the cache cannot
 * be written, RocksDB's own loader is used.
 */
final class RocksNative {
    private static final Logger LOG = LoggerFactory.getLogger(RocksNative.class);

    private RocksNative() {}

    static void load() {
        String version = RocksDB.class.getPackage().getImplementationVersion();
        String resource = Environment.getJniLibraryFileName("rocksdb");
        if (version == null || RocksDB.class.getResource("/" + resource) == null) {
            RocksDB.loadLibrary();
            return;
        }
        Path directory = UserCache.directory().resolve("native").resolve("rocksdbjni-" + version);
        // RocksDB.loadLibrary(paths) loads this name from each path.
        Path library = directory.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        try {
            if (!Files.isRegularFile(library)) {
                unpack(resource, directory, library);
            }
            RocksDB.loadLibrary(List.of(directory.toString()));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("cannot load RocksDB's native library from {} ({}); unpacking it into {} instead", directory, e.toString(),
                    System.getProperty("java.io.tmpdir"));
            RocksDB.loadLibrary();
        }
    }

    /** Copies the library out of the jar under a temporary name, then renames it: a reader sees it whole or not at all. */
    private static void unpack(String resource, Path directory, Path library) throws IOException {
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, library.getFileName().toString(), ".tmp");
        try (InputStream in = RocksDB.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
