package dev.alignsim.app.config;

/** A setting that cannot be used, with the key and what was expected. */
public final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(String message) {
        super(message);
    }
}
