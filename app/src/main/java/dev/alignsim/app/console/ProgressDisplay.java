package dev.alignsim.app.console;

import java.io.PrintStream;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error (me.tongfei's progressbar draws it), shown only on a terminal. While it shows,
 * {@link Console} lines are printed above it: the bar's line is cleared, the line printed, the bar drawn again, all
 * under one lock so that the bar's refresh thread never draws in between.
 */
public final class ProgressDisplay implements AutoCloseable {
    /** Set by the launcher to whether standard error is a terminal ({@code [ -t 2 ]}). */
    static final String TERMINAL_PROPERTY = "alignsim.stderr.tty";

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A bar of {@code total} units named {@code task}, when {@code wanted} and standard error is a terminal; with an
     * estimate of the time left when {@code eta} (units of even duration).
     */
    public static Optional<ProgressDisplay> start(boolean wanted, String task, long total, String unit, boolean eta) {
        if (!wanted || !onTerminal()) {
            return Optional.empty();
        }
        LineAboveConsumer line = new LineAboveConsumer(System.err);
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(unit, 1)
                .setConsumer(line)
                .clearDisplayOnFinish();
        ProgressBar bar = (eta ? builder : builder.hideEta()).build();
        Console.printThrough(line::printAbove);
        return Optional.of(new ProgressDisplay(bar));
    }

    /** Whether standard error is a terminal: as the launcher found, else whether this JVM has a console. */
    static boolean onTerminal() {
        String told = System.getProperty(TERMINAL_PROPERTY);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /** Moves the bar and redraws it now, so that a console line printed next finds it up to date. */
    public void stepTo(long done, String message) {
        bar.stepTo(done);
        bar.setExtraMessage(message);
        bar.refresh();
    }

    @Override
    public void close() {
        bar.close();
        Console.restore();
    }

    /** Draws the bar with a carriage return and prints console lines above it. */
    private static final class LineAboveConsumer extends ConsoleProgressBarConsumer {
        private final PrintStream err;
        private String drawn = "";

        LineAboveConsumer(PrintStream err) {
            super(err);
            this.err = err;
        }

        @Override
        public synchronized void accept(String rendered) {
            drawn = rendered;
            super.accept(rendered);
        }

        @Override
        public synchronized void clear() {
            err.print("\r" + " ".repeat(Math.max(drawn.length(), getMaxRenderedLength())) + "\r");
            err.flush();
            drawn = "";
        }

        /** The bar was cleared: nothing to end with a newline. */
        @Override
        public synchronized void close() {
            err.flush();
        }

        synchronized void printAbove(String line) {
            String bar = drawn;
            clear();
            System.out.println(line);
            System.out.flush();
            if (!bar.isEmpty()) {
                accept(bar);
            }
        }
    }
}
