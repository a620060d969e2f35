package dev.alignsim.app;

import dev.alignsim.actors.experiment.ExperimentFailedException;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.storage.rocks.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Bad input exits 2 with one clear line; a store that cannot be used exits 3; a failed run exits 1 with its reason;
 * a run stopped on request exits 130 saying how to resume it; anything else shows its trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    /** A run stopped on request (SIGTERM, Ctrl-C) at an iteration boundary; it can be resumed. */
    static final int STOPPED = 130;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof StoreException store) {
            cmd.getErr().println("alignsim: cannot use the store: " + store.getMessage());
            return 3;
        }
        if (e instanceof InvalidSettingsException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("alignsim: invalid input: " + e.getMessage());
            return 2;
        }
        if (e instanceof RunStoppedException stopped) {
            cmd.getErr().println("alignsim: " + stopped.getMessage() + "; continue with: alignsim resume " + stopped.runDirectory());
            return STOPPED;
        }
        if (e instanceof ExperimentFailedException) {
            cmd.getErr().println("alignsim: run failed: " + e.getMessage());
            return 1;
        }
        cmd.getErr().println("alignsim: unexpected error: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
