package dev.alignsim.app.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class of the test classpath in a JVM of its own, as a separate process would run alignsim. */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-Dalignsim.cache=" + System.getProperty("alignsim.cache", System.getProperty("java.io.tmpdir")));
        command.add("-Xshare:auto");
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static Process alignsim(Path log, String... args) throws IOException {
        return start(log, "dev.alignsim.app.Main", args);
    }

    /** Waits for the process to exit and returns its exit code, failing with its log after {@code seconds}. */
    public static int await(Process process, Path log, long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + seconds + " s; log:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    /** Kills with SIGKILL (Process.destroyForcibly on Linux) and waits until the process is gone. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits until {@code file} has at least {@code lines} lines, or the process ended; returns the lines seen. */
    static long awaitLines(Path file, long lines, Process process, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            long count = Files.exists(file) ? lineCount(file) : 0;
            if (count >= lines || !process.isAlive()) {
                return count;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + lines + " lines in " + file + " after " + timeoutSeconds + " s");
    }

    static long lineCount(Path file) throws IOException {
        try (var stream = Files.lines(file)) {
            return stream.count();
        }
    }

    static String classpathSeparator() {
        return File.pathSeparator;
    }
}
