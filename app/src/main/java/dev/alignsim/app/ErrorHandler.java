package dev.alignsim.app;

import dev.alignsim.actors.experiment.ExperimentFailedException;
import dev.alignsim.actors.lifecycle.RunFailedException;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.app.cli.InvalidArgumentException;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.storage.InvalidRunDirectoryException;
import dev.alignsim.storage.rocks.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One error discipline for every command, one line on the console each: bad input (a setting, an option, a path)
 * exits 2; a store that cannot be used (not a store, another schema, locked, corrupted) exits 3; a run that failed
 * (its roles failed beyond recovery, a file could not be written) exits 1 with its reason; anything else is an
 * internal fault, which exits 1 saying so. The stack trace of an exit 1 goes to the log file (the run's, or one
 * under the user's cache), never to the console. A run stopped on request (SIGTERM, Ctrl-C) exits 130 saying how to
 * resume it.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
    /** A run stopped on request (SIGTERM, Ctrl-C) at an iteration boundary; it can be resumed. */
    static final int STOPPED = 130;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        return exitCode(e, cmd.getErr());
    }

    static int exitCode(Throwable e, PrintWriter err) {
        if (e instanceof StoreException) {
            err.println("alignsim: cannot use the store: " + e.getMessage());
            return 3;
        }
        if (e instanceof InvalidSettingsException || e instanceof InvalidArgumentException || e instanceof InvalidRunDirectoryException) {
            err.println("alignsim: invalid input: " + e.getMessage());
            return 2;
        }
        if (e instanceof RunStoppedException stopped) {
            err.println("alignsim: " + stopped.getMessage() + "; continue with: alignsim resume " + stopped.runDirectory());
            return STOPPED;
        }
        Path log = RunLog.fileForFault();
        LOG.error(RunLog.FILE_ONLY, "the command failed", e);
        if (e instanceof ExperimentFailedException || e instanceof RunFailedException) {
            err.println("alignsim: run failed: " + e.getMessage() + " (details in " + log + ")");
        } else if (e instanceof UncheckedIOException || e instanceof IOException) {
            err.println("alignsim: failed: " + describe(e) + " (details in " + log + ")");
        } else if (e instanceof OutOfMemoryError) {
            err.println("alignsim: failed: out of Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give Java "
                    + "more with ALIGNSIM_JAVA_OPTS=-Xmx... or use smaller settings (details in " + log + ")");
        } else {
            err.println("alignsim: internal error: " + describe(e) + "; the stack trace is in " + log);
        }
        err.flush();
        return 1;
    }

    /** The exception's message, and its cause's when that says more (an I/O error's reason). */
    private static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getClass().getSimpleName() + " " + cause.getMessage();
        }
        return e instanceof UncheckedIOException || e instanceof IOException ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
