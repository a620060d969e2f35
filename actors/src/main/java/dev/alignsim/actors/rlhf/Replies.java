package dev.alignsim.actors.rlhf;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** The one way the RLHF role actors answer: the result, or an error that names what failed. */
final class Replies {
    private Replies() {}

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
