package dev.alignsim.actors.rlhf;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** The one way the RLHF role actors answer: the result, or an error that names what failed. */
final class Replies {
    private Replies() {}

    /** Answers a message to {@code role}, first giving fault injection its chance to fail it; the role goes on as it was. */
    static <C, T> Behavior<C> answer(FaultInjection faults, String role, ActorRef<StatusReply<T>> replyTo, Supplier<T> work) {
        answer(replyTo, () -> {
            faults.onMessage(role);
            return work.get();
        });
        return Behaviors.same();
    }

    static <T> void answer(ActorRef<StatusReply<T>> replyTo, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (FaultInjection.InjectedFault fault) {
            // Say so at once (the coordinator recovers without waiting for a timeout), then crash the actor for real.
            replyTo.tell(StatusReply.error(fault.getMessage()));
            throw fault;
        } catch (RuntimeException e) {
            replyTo.tell(StatusReply.error(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return;
        }
        replyTo.tell(StatusReply.success(result));
    }
}
