package dev.alignsim.storage.rocks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.UserCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksNativeTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoadRocksDbFromTheUserCacheWhenAStoreOpens() throws IOException {
        try (RocksStore store = RocksStore.open(dir.resolve("store"), RocksStore.Mode.CREATE, StoreOptions.defaults())) {
            store.flush();
        }

        Path natives = UserCache.directory().resolve("native");
        try (Stream<Path> files = Files.walk(natives)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("librocksdbjni")), "no library under " + natives);
        }
    }
}
