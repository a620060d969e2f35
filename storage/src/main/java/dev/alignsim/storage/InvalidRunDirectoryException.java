package dev.alignsim.storage;

/**
 * A path given as a run directory that cannot be one: a new run's directory that holds files already, is a file or
 * cannot be written; the message names the path and what was expected. Nothing was written.
 */
public final class InvalidRunDirectoryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRunDirectoryException(String message) {
        super(message);
    }
}
