package dev.alignsim.actors.rlhf;

import dev.alignsim.policy.seq.SequencePolicy;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** The frozen SFT policy: per-token log-probabilities of the policy's responses, for the KL penalty. */
public final class ReferenceRole {

    public sealed interface Command {}

    public record LogProbs(int[][] prompts, int[][] responses, ActorRef<StatusReply<float[]>> replyTo) implements Command {}

    private final SequencePolicy reference;
    private final double temperature;
    private final FaultInjection faults;

    private ReferenceRole(SequencePolicy reference, double temperature, FaultInjection faults) {
        this.reference = reference;
        this.temperature = temperature;
        this.faults = faults;
    }

    public static Behavior<Command> create(Supplier<SequencePolicy> reference, double temperature, FaultInjection faults) {
        return Behaviors.setup(context -> new ReferenceRole(reference.get(), temperature, faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(LogProbs.class, m -> Replies.answer(faults, RoleNames.REFERENCE, m.replyTo(),
                        () -> reference.tokenLogProbs(m.prompts(), m.responses(), temperature)))
                .onSignal(PostStop.class, s -> {
                    reference.close();
                    return Behaviors.same();
                })
                .build();
    }
}
