package dev.alignsim.app.cli;

/** An argument of a command (an option or a path) that it cannot use; the message names it, its value and what was expected. */
public final class InvalidArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
