package dev.alignsim.actors.rlhf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * Asks a role once, within a timeout. There are no retries: a role that fails or does not answer fails the
 * iteration, and the coordinator restores every role from the last checkpoint (a retry would mix one restarted
 * role's older state with the others' newer state).
 */
final class Asks {
    private final Scheduler scheduler;
    private final Duration timeout;

    Asks(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    <Q, T> CompletableFuture<T> ask(ActorRef<Q> target, Function<ActorRef<StatusReply<T>>, Q> message) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AskPattern.askWithStatus(target, message::apply, timeout, scheduler).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(new RoleFailedException(RoleNames.roleOf(target.path().name()), error));
            }
        });
        return result;
    }

    /** A role answered with an error, or not in time. */
    static final class RoleFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RoleFailedException(String role, Throwable cause) {
            super(role + " failed: " + cause.getMessage(), cause);
        }
    }
}
