package dev.alignsim.app.malformed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import dev.alignsim.storage.UserCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a command that must be refused and checks what every refusal owes the user: the exit code, a message on
 * standard error naming the input, no stack trace on the console, and every file under the workspace (its existing
 * runs included) and under the user cache's logs unchanged, byte for byte (SHA-256), with nothing added.
 */
final class Refusals {
    private Refusals() {}

    /** What a command printed and returned. */
    record Outcome(int exit, String stdout, String stderr) {
        String console() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Outcome execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Outcome(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Runs {@code args} and asserts a refusal with {@code exit} whose message holds every one of {@code mentions}. */
    static void assertRefused(Path workspace, int exit, List<String> mentions, String... args) {
        Map<String, String> before = snapshot(workspace);
        Outcome outcome = execute(args);
        String console = outcome.console();
        assertEquals(exit, outcome.exit(), console);
        for (String mention : mentions) {
            assertTrue(outcome.stderr().contains(mention), "the message should name '" + mention + "':\n" + console);
        }
        assertTrue(outcome.stderr().startsWith("alignsim: "), "one alignsim line on standard error:\n" + console);
        for (String trace : List.of("\tat ", "Caused by:", "Exception in thread")) {
            assertFalse(console.contains(trace), "a stack trace on the console:\n" + console);
        }
        assertEquals(before, snapshot(workspace), "files changed, appeared or vanished under the workspace or the cache's logs:\n"
                + console);
    }

    /** Every file and directory under {@code root} and under the user cache's logs, files with their SHA-256. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        add(files, "workspace/", root);
        add(files, "cache-logs/", UserCache.directory().resolve("logs"));
        return files;
    }

    private static void add(Map<String, String> files, String prefix, Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = prefix + root.relativize(p);
                files.put(name, Files.isRegularFile(p) ? sha256(p) : Files.isDirectory(p) ? "directory" : "other");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list " + root, e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
