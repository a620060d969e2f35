package dev.alignsim.env;

/** Helpers shared by the environments: checks on actions and states (so every env rejects them alike), spaces. */
final class EnvSupport {

    private EnvSupport() {
    }

    /**
     * Reads a discrete action stored as its index in a float. Gymnasium asserts {@code action_space.contains(action)}
     * before stepping; we do the same check and throw instead, because a bad index here is a bug in the caller
     * (a policy sampling the wrong head) that would otherwise silently become some other action.
     *
     * @throws IllegalArgumentException when the value is not an integer in {@code [0, n)}
     */
    static int discrete(String envId, float value, int n) {
        int index = (int) value;
        if (index != value || index < 0 || index >= n) {
            throw new IllegalArgumentException(
                    envId + ": action " + value + " is not in Discrete(" + n + ") (expected an index 0.." + (n - 1) + ")");
        }
        return index;
    }

    /**
     * Reads a continuous action component. NaN is rejected (clipping cannot repair it and it would poison the
     * float64 state for the rest of the episode); infinities are left to the environment's clip, as in Gymnasium.
     */
    static float continuous(String envId, float value) {
        if (Float.isNaN(value)) {
            throw new IllegalArgumentException(envId + ": action " + value + " is NaN");
        }
        return value;
    }

    /** Validates a state array given to {@link Env#setState}: right length, and finite so stepping cannot hang or poison. */
    static void checkState(String envId, double[] state, int length, String layout) {
        if (state == null || state.length != length) {
            throw new IllegalArgumentException(envId + ": state must have " + length + " values " + layout + ", got "
                    + (state == null ? "null" : state.length));
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(state[i])) {
                throw new IllegalArgumentException(envId + ": state value " + i + " is not finite: " + state[i]);
            }
        }
    }

    /** The box {@code [-high, high]}, as Gymnasium's {@code spaces.Box(-high, high)}. */
    static Space.Box symmetricBox(float... high) {
        float[] low = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            low[i] = -high[i];
        }
        return new Space.Box(low, high);
    }
}
