package dev.alignsim.env.labelers;

import java.util.Objects;

/**
 * One parameter a strategy accepts: its name, its allowed closed range and its default ({@code null} when
 * the parameter is required). {@link LabelerStrategies} checks every parameter against these before it
 * calls {@link LabelerStrategyProvider#create}.
 *
 * @param name the key in the parameter map
 * @param min the smallest allowed value (may be {@code -Infinity})
 * @param max the largest allowed value (may be {@code +Infinity}); values must be finite regardless
 * @param defaultValue the value used when the key is absent, or {@code null} when it is required
 * @param description what the parameter does, for error messages and documentation
 */
public record ParameterSpec(String name, double min, double max, Double defaultValue, String description) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (name.isBlank() || name.contains(".") || name.contains("+")) {
            throw new IllegalArgumentException("parameter name must be non-blank without '.' or '+', got '" + name + "'");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("parameter " + name + " has an empty range [" + min + ", " + max + "]");
        }
        if (defaultValue != null && !(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("parameter " + name + " default " + defaultValue + " is outside ["
                    + min + ", " + max + "]");
        }
    }

    /** A parameter that must be given. */
    public static ParameterSpec required(String name, double min, double max, String description) {
        return new ParameterSpec(name, min, max, null, description);
    }

    /** A parameter with a default. */
    public static ParameterSpec optional(String name, double min, double max, double defaultValue, String description) {
        return new ParameterSpec(name, min, max, defaultValue, description);
    }

    /** Whether {@code value} is finite and in range. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }

    /** The range as text, e.g. {@code a finite number in [0.0, 0.5]}. */
    public String expected() {
        return "a finite number in [" + min + ", " + max + "] (" + description + ")";
    }
}
