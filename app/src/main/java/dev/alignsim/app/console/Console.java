package dev.alignsim.app.console;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines a command prints for a person ({@code alignsim: ...} on standard output), also written to the log file
 * so that a run's log reads as its console did. While a progress display is showing, a line is printed through it.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger("alignsim");
    private static volatile Consumer<String> printer = line -> System.out.println(line);

    private Console() {}

    /** Prints {@code alignsim: line}. */
    public static void say(String line) {
        LOG.info(RunLog.FILE_ONLY, line);
        printer.accept("alignsim: " + line);
    }

    /** Lines go through {@code display} until {@link #restore}; a progress display clears itself around them. */
    public static void printThrough(Consumer<String> display) {
        printer = display;
    }

    /** Lines go straight to standard output again. */
    public static void restore() {
        printer = line -> System.out.println(line);
    }
}
