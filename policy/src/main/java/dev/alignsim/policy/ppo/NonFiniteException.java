package dev.alignsim.policy.ppo;

/** Training met NaN or infinity: names the quantity and where, so the run can stop before saving bad weights. */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteException(String message) {
        super(message);
    }

    public static void check(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NonFiniteException(what + "[" + i + "] is " + values[i] + "; expected a finite number");
            }
        }
    }

    public static void check(String what, double value, String where) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(what + " became " + value + " " + where
                    + "; expected a finite number (try a lower learning rate or check the rewards)");
        }
    }
}
