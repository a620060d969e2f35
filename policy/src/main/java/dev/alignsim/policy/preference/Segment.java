package dev.alignsim.policy.preference;

/**
 * A piece of one environment's trajectory: up to the segment length of consecutive steps of one episode (shorter
 * when the episode terminated inside it), row-major. The true return is the world's reward summed over its steps;
 * only the labelers see it (through their strategy) and analysis reads it, never the reward model.
 *
 * @param observations length x obsDim, the observation each action was taken in
 * @param actions length x actionDim (a discrete action is its index as a float)
 * @param trueReturn the world's reward summed over the segment
 * @param iteration the iteration whose rollout it was cut from
 */
public record Segment(int length, int obsDim, int actionDim, float[] observations, float[] actions, double trueReturn,
        long iteration) {
    public Segment {
        if (length < 1 || observations.length != length * obsDim || actions.length != length * actionDim) {
            throw new IllegalArgumentException("a segment of " + length + " steps needs " + length * obsDim
                    + " observation and " + length * actionDim + " action values, got " + observations.length + " and "
                    + actions.length);
        }
        observations = observations.clone();
        actions = actions.clone();
    }

    @Override
    public float[] observations() {
        return observations.clone();
    }

    @Override
    public float[] actions() {
        return actions.clone();
    }

    /** Observation value {@code j} of step {@code t}, without copying. */
    float observation(int t, int j) {
        return observations[t * obsDim + j];
    }

    /** Action value {@code j} of step {@code t}, without copying. */
    float action(int t, int j) {
        return actions[t * actionDim + j];
    }
}
