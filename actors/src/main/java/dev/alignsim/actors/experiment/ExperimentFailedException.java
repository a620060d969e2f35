package dev.alignsim.actors.experiment;

/** A run that stopped before its last iteration, with the reason. */
public final class ExperimentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExperimentFailedException(String message) {
        super(message);
    }
}
