package dev.alignsim.storage.rocks;

/** A store that cannot be used as asked, with the path and the problem; nothing was written. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem, so that callers and tests can tell them apart without parsing messages. */
    public enum Problem { NOT_A_STORE, OLDER_SCHEMA, NEWER_SCHEMA, LOCKED, CORRUPTED, IO }

    private final Problem problem;

    public StoreException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public StoreException(Problem problem, String message) {
        this(problem, message, null);
    }

    public Problem problem() {
        return problem;
    }
}
