package dev.alignsim.actors.lifecycle;

/**
 * A ChatWorld RLHF stage that ended before its last iteration: a role failed more often than its recoveries allow,
 * or the store could not commit. What was committed before stays, and {@code alignsim resume} continues from it.
 */
public final class RunFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
