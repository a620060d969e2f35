package dev.alignsim.actors.lifecycle;

import java.nio.file.Path;

/** A run stopped on request at an iteration boundary, after committing a checkpoint there; it can be resumed. */
public final class RunStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path runDirectory;

    /**
     * @param runDirectory the run that stopped
     * @param where what the run finished before stopping, e.g. "iteration 12 of 100" or "stage 1 (label)"
     */
    public RunStoppedException(Path runDirectory, String where) {
        super("stopped on request after " + where + ", with a checkpoint there");
        this.runDirectory = runDirectory;
    }

    public Path runDirectory() {
        return runDirectory;
    }
}
