package dev.alignsim.actors.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dependencies inside the actors module point one way: {@code pipeline -> rlhf -> chat} and {@code pipeline -> dpo -> chat}, and the control world's
 * feedback roles know neither their coordinator nor the store. Read from the sources (the
 * module's tests run in its folder), so that a new import against the grain fails the build.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/alignsim/actors");

    @ParameterizedTest
    @CsvSource({"chat, rlhf", "chat, pipeline", "rlhf, pipeline", "chat, experiment", "rlhf, experiment", "feedback, experiment",
        "feedback, replay", "chat, dpo", "dpo, rlhf", "dpo, pipeline", "rlhf, dpo"})
    void shouldNotNameThePackageWhenItIsAbove(String from, String forbidden) throws IOException {
        Path dir = SOURCES.resolve(from);
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath() + " is not a folder");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("dev.alignsim.actors." + forbidden + ".")) {
                    offenders.add(file.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), offenders, from + " must not name " + forbidden);
    }
}
