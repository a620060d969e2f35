package dev.alignsim.app.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code alignsim} in a JVM of its own, as {@link ParentWatch} (which ends it when this process dies), with
 * this JVM's class path, heap size and the system properties that shape a run (DJL's, AlignSim's cache, temp
 * directories), its output appended to a log.
 */
public final class ChildProcess {
    private ChildProcess() {}

    public static Process start(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String key = p.getKey().toString();
            if (key.startsWith("ai.djl.") || key.startsWith("alignsim.") || key.startsWith("jna.") || key.equals("java.io.tmpdir")) {
                command.add("-D" + key + "=" + p.getValue());
            }
        }
        // Heap and stack sizes given to this JVM (ALIGNSIM_JAVA_OPTS=-Xmx8g for large ChatWorld models) hold for each experiment too.
        for (String argument : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-Xmx") || argument.startsWith("-Xms") || argument.startsWith("-Xss")) {
                command.add(argument);
            }
        }
        command.add("-XX:+UseParallelGC");
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(ParentWatch.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** The class path with absolute entries, so that a child started in another directory finds it too. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
