package dev.alignsim.env;

/**
 * One environment copy of a vector between steps: its float64 state, the time-limit counter, the return of the
 * episode so far and its reset generator. Enough to continue the copy exactly.
 */
public record EnvSnapshot(double[] state, int elapsedSteps, double episodeReturn, long[] rng) {
    public EnvSnapshot {
        state = state.clone();
        rng = rng.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    @Override
    public long[] rng() {
        return rng.clone();
    }
}
