package dev.alignsim.env;

/**
 * What the classic-control ports share: their id, spaces and time limit, and the rule that an environment must be
 * reset (or put into a state) before it is stepped or observed.
 */
abstract class ClassicControlEnv implements Env {
    private final String id;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int maxEpisodeSteps;
    private boolean hasState;

    ClassicControlEnv(String id, Space observationSpace, Space actionSpace, int maxEpisodeSteps) {
        this.id = id;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Space observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space actionSpace() {
        return actionSpace;
    }

    @Override
    public final int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Called by reset and setState: the environment now has a state to step from. */
    final void markHasState() {
        hasState = true;
    }

    final void checkHasState() {
        if (!hasState) {
            throw new IllegalStateException(id + ": call reset(rng) or setState(state) before stepping or observing");
        }
    }

    @Override
    public final String toString() {
        return id;
    }
}
