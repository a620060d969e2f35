package dev.alignsim.actors.experiment;

/**
 * How a control-world experiment's actors ride out failures ({@code alignsim.actors}), read once with the rest of
 * the settings and handed to the coordinator.
 *
 * @param runnerMaxRestarts how often an env runner may fail and be restarted within 10 minutes before the run fails
 * @param rolloutMaxAttempts how often one iteration's rollout may be tried for one runner, the first try included,
 *     before the run fails
 */
public record ActorSettings(int runnerMaxRestarts, int rolloutMaxAttempts) {
    /**
     * The Pekko dispatcher that gives each learner a thread of its own (libtorch's grad mode is per thread), by
     * its path in the actor system's configuration.
     */
    public static final String LEARNER_DISPATCHER = "alignsim.actors.learner_dispatcher";

    public ActorSettings {
        if (runnerMaxRestarts < 0) {
            throw new IllegalArgumentException("actors.runner_max_restarts must be >= 0, got " + runnerMaxRestarts);
        }
        if (rolloutMaxAttempts < 1) {
            throw new IllegalArgumentException("actors.rollout_max_attempts must be >= 1, got " + rolloutMaxAttempts);
        }
    }

    /** The defaults of reference.conf. */
    public static ActorSettings defaults() {
        return new ActorSettings(10, 3);
    }
}
