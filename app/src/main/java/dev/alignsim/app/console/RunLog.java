package dev.alignsim.app.console;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.CyclicBufferAppender;
import dev.alignsim.storage.UserCache;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Where a command's log lines go (see logback.xml): the console shows warnings, or every line with
 * {@code --verbose}; once a run directory is known, every line, those logged before included, goes to
 * {@code <run>/alignsim.log}. An internal fault's stack trace is logged {@link #FILE_ONLY}: to the run's log, or,
 * outside a run, to a log file of its own under the user's cache.
 */
public final class RunLog {
    /** Marks events that belong in the log file and never on the console. */
    public static final Marker FILE_ONLY = MarkerFactory.getMarker("FILE_ONLY");
    /** A run's log file, in its directory. */
    public static final String FILE = "alignsim.log";

    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    private static final String FILE_APPENDER = "FILE";
    private static Path current;

    private RunLog() {}

    /** A command starts: console at WARN (INFO when {@code verbose}), no log file yet, the early buffer emptied. */
    public static synchronized void start(boolean verbose) {
        detach();
        console(verbose);
        early().ifPresent(CyclicBufferAppender::reset);
    }

    /** Shows every log line on the console too ({@code --verbose}). */
    public static synchronized void console(boolean verbose) {
        Appender<ILoggingEvent> console = root().getAppender("CONSOLE");
        if (console == null) {
            return;
        }
        for (Filter<ILoggingEvent> filter : console.getCopyOfAttachedFiltersList()) {
            if (filter instanceof ThresholdFilter threshold) {
                threshold.setLevel(verbose ? "INFO" : "WARN");
            }
        }
    }

    /** From now on, every line goes to {@code <runDirectory>/alignsim.log} (appended), those logged so far first. */
    public static synchronized Path attach(Path runDirectory) {
        return attachFile(runDirectory.resolve(FILE));
    }

    /** The log file in use, if a command has one. */
    public static synchronized Optional<Path> file() {
        return Optional.ofNullable(current);
    }

    /** The log file in use, or a new one under the user's cache for a command that has none. */
    public static synchronized Path fileForFault() {
        if (current != null) {
            return current;
        }
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return attachFile(UserCache.directory().resolve("logs").resolve("alignsim-" + time + "-" + ProcessHandle.current().pid() + ".log"));
    }

    /** The command is over: its log file is closed; events wait in the early buffer again. */
    public static synchronized void detach() {
        Appender<ILoggingEvent> file = root().getAppender(FILE_APPENDER);
        if (file != null) {
            root().detachAppender(file);
            file.stop();
        }
        current = null;
    }

    private static Path attachFile(Path path) {
        detach();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName(FILE_APPENDER);
        file.setFile(path.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        early().ifPresent(buffer -> {
            for (int i = 0; i < buffer.getLength(); i++) {
                file.doAppend(buffer.get(i));
            }
            buffer.reset();
        });
        root().addAppender(file);
        current = path;
        return path;
    }

    @SuppressWarnings("unchecked")
    private static Optional<CyclicBufferAppender<ILoggingEvent>> early() {
        return Optional.ofNullable((CyclicBufferAppender<ILoggingEvent>) root().getAppender("EARLY"));
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
