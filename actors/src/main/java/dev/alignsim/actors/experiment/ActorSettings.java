package dev.alignsim.actors.experiment;

import java.time.Duration;
import java.util.Objects;

/**
 * How a control-world experiment's actors ride out failures ({@code alignsim.actors}), read once with the rest of
 * the settings and handed to the coordinator.
 *
 * @param askTimeout how long the coordinator waits for a role's answer before taking the role for failed
 * @param maxRecoveries how many times the run may restore every role from its last checkpoint, after a role fails
 *     or does not answer within {@code askTimeout}, before the run fails (0: the first failure fails the run)
 */
public record ActorSettings(Duration askTimeout, int maxRecoveries) {
    /**
     * The Pekko dispatcher that gives each learner a thread of its own (libtorch's grad mode is per thread), by
     * its path in the actor system's configuration.
     */
    public static final String LEARNER_DISPATCHER = "alignsim.actors.learner_dispatcher";

    public ActorSettings {
        Objects.requireNonNull(askTimeout, "askTimeout");
        if (askTimeout.isNegative() || askTimeout.isZero()) {
            throw new IllegalArgumentException("actors.ask_timeout must be positive, got " + askTimeout.toMillis() + "ms");
        }
        if (maxRecoveries < 0) {
            throw new IllegalArgumentException("actors.max_recoveries must be >= 0, got " + maxRecoveries);
        }
    }

    /** The defaults of reference.conf. */
    public static ActorSettings defaults() {
        return new ActorSettings(Duration.ofSeconds(120), 3);
    }
}
