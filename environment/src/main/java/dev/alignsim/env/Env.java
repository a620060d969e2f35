package dev.alignsim.env;

/**
 * One environment with float64 internal state and float32 observations, stepped in place so that a
 * vector of them allocates nothing per step. Truncation (the time limit) is the vector environment's
 * job; an environment only reports termination.
 */
public interface Env {

    /** Gymnasium's id, for example {@code CartPole-v1}. */
    String id();

    Space observationSpace();

    Space actionSpace();

    /** Steps after which Gymnasium's {@code TimeLimit} truncates an episode. */
    int maxEpisodeSteps();

    /** Samples a start state from {@code rng}, as Gymnasium's {@code reset} does from its generator. */
    void reset(Rng rng);

    /**
     * Applies the action stored at {@code actions[offset..offset + actionSpace().flatDim())} and returns the
     * reward. A discrete action is the index as a float; a continuous action is clipped as Gymnasium does.
     */
    double step(float[] actions, int offset);

    /** Whether the last step ended the episode by the task's own rule (not by the time limit). */
    boolean terminated();

    /** Writes the float32 observation of the current state into {@code out[offset..]}. */
    void observe(float[] out, int offset);

    /** A copy of the float64 internal state, for tests, replays and debugging. */
    double[] state();

    /** Puts the environment into the given internal state (as returned by {@link #state()}). */
    void setState(double[] state);
}
