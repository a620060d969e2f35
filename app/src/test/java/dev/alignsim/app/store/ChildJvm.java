package dev.alignsim.app.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts a main class of the test classpath in a JVM of its own, as a separate process would run alignsim. */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Path log, String mainClass, String... args) throws IOException {
        return start(List.of(), log, mainClass, args);
    }

    /** As {@link #start(Path, String, String...)}, with more JVM options (system properties) before the main class. */
    public static Process start(List<String> jvmOptions, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
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

    /** metrics.jsonl's lines without the timing fields (wall_s, perf/*), which differ between any two runs. */
    public static List<String> withoutTiming(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream()
                .map(line -> line.replaceAll(",\"perf/[^\"]+\":[^,}]+", "").replaceAll(",\"wall_s\":[^,}]+", ""))
                .collect(Collectors.toList());
    }

    /**
     * Starts alignsim with {@code runArgs} (a run into {@code run}), then resumes it, killing (SIGKILL) each process once
     * the run's metrics.jsonl has {@code killAfterLines[k]} lines and a random delay of up to {@code maxDelayMillis}
     * has passed, so that kills land inside iterations too. Logs go to {@code logs}/killed-k.log.
     *
     * @return how many kills landed before the run finished
     */
    static int killRepeatedly(Path logs, Path run, String[] runArgs, long[] killAfterLines, Random random, int maxDelayMillis,
            long seconds) throws Exception {
        Path metrics = run.resolve("metrics.jsonl");
        int kills = 0;
        for (int k = 0; k < killAfterLines.length; k++) {
            Path log = logs.resolve("killed-" + k + ".log");
            Process process = k == 0 ? alignsim(log, runArgs) : alignsim(log, "resume", run.toString(), "--no-progress");
            awaitLines(metrics, killAfterLines[k], process, seconds);
            Thread.sleep(random.nextInt(maxDelayMillis));
            if (process.isAlive()) {
                kill(process);
                kills++;
            }
        }
        return kills;
    }

    /** {@code command --out out --no-progress}, then {@code --set s} for each of {@code settings}. */
    static String[] runArgs(String command, Path out, List<String> settings) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString(), "--no-progress"));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(String[]::new);
    }

    /** An uninterrupted run's metrics and a killed-and-resumed one's, both without timing, and how many kills landed. */
    record KilledAndResumed(List<String> uninterrupted, List<String> resumed, int kills) {}

    /**
     * {@code alignsim run} with {@code settings} into {@code dir}/reference; the same into {@code dir}/killed, killed
     * (SIGKILL) after each of {@code killAfterLines} metrics lines plus a random delay of up to 100 ms and resumed each
     * time, then resumed to the end.
     *
     * @throws AssertionError when a run or the last resume does not exit 0
     */
    static KilledAndResumed killAndResume(Path dir, List<String> settings, long[] killAfterLines, Random random, long seconds)
            throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        int exit = await(alignsim(referenceLog, runArgs("run", reference, settings)), referenceLog, seconds);
        if (exit != 0) {
            throw new AssertionError("the uninterrupted run exited " + exit + ":\n" + Files.readString(referenceLog));
        }
        Path killed = dir.resolve("killed");
        int kills = killRepeatedly(dir, killed, runArgs("run", killed, settings), killAfterLines, random, 100, seconds);
        Path finalLog = dir.resolve("final.log");
        exit = await(alignsim(finalLog, "resume", killed.toString(), "--no-progress"), finalLog, seconds);
        if (exit != 0) {
            throw new AssertionError("the last resume exited " + exit + ":\n" + Files.readString(finalLog));
        }
        return new KilledAndResumed(withoutTiming(reference.resolve("metrics.jsonl")), withoutTiming(killed.resolve("metrics.jsonl")), kills);
    }

    /** {@code first}, then {@code rest}, then {@code settings}: a command line of a test that runs with fixed settings. */
    static String[] command(String[] settings, String first, Object... rest) {
        String[] args = new String[1 + rest.length + settings.length];
        args[0] = first;
        for (int i = 0; i < rest.length; i++) {
            args[1 + i] = rest[i].toString();
        }
        System.arraycopy(settings, 0, args, 1 + rest.length, settings.length);
        return args;
    }
}
