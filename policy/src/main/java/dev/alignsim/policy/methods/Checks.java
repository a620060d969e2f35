package dev.alignsim.policy.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Input checks shared by the methods; each message names the input and what was expected. */
final class Checks {
    private Checks() {}

    /** {@code values} is non-null, non-empty and finite. */
    static void finite(String name, double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one value, got "
                    + (values == null ? "null" : "none"));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + "; expected a finite number");
            }
        }
    }

    /** {@code values} is finite; the check reads the array back to the host once. */
    static void finite(String name, NDArray values) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must be an array, got null");
        }
        boolean nonFinite;
        // Closed at once, so that a check per step does not pile arrays up in the caller's scope.
        try (NDArray nan = values.isNaN(); NDArray infinite = values.isInfinite(); NDArray either = nan.logicalOr(infinite);
                NDArray any = either.any()) {
            nonFinite = any.getBoolean();
        }
        if (nonFinite) {
            throw new IllegalArgumentException(name + " holds NaN or infinity; expected finite numbers");
        }
    }

    /** {@code value > 0} and finite. */
    static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }

    /** {@code value >= 0} and finite. */
    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    /** {@code length} values of {@code name}, as {@code expectedWhat} implies. */
    static void length(String name, int length, int expected, String expectedWhat) {
        if (length != expected) {
            throw new IllegalArgumentException(name + " holds " + length + " values; expected " + expected + " (" + expectedWhat + ")");
        }
    }

    /** {@code array} has exactly {@code expected} as its shape. */
    static void shape(String name, NDArray array, Shape expected, String expectedWhat) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must be an array, got null");
        }
        if (!array.getShape().equals(expected)) {
            throw new IllegalArgumentException(name + " has shape " + array.getShape() + "; expected " + expected
                    + " (" + expectedWhat + ")");
        }
    }

    /**
     * A flat prompt-major array of rewards splits into groups of {@code k >= 2} samples; {@code symbol} is the
     * method's name for k, {@code why} says why it needs 2.
     */
    static void groups(String name, double[] rewards, int k, String method, String symbol, String why) {
        if (k < 2) {
            throw new IllegalArgumentException(method + " needs " + symbol + " >= 2 samples per prompt (" + why + "), got "
                    + symbol + " = " + k);
        }
        finite(name, rewards);
        if (rewards.length % k != 0) {
            throw new IllegalArgumentException(name + " holds " + rewards.length + " values; expected a multiple of " + symbol
                    + " = " + k + " (" + symbol + " samples per prompt, prompt-major)");
        }
    }
}
