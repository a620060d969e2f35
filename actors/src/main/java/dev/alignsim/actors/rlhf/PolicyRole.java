package dev.alignsim.actors.rlhf;

import dev.alignsim.env.Rng;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The trained policy and its optimiser: generates responses, trains with the clipped surrogate (ppo, rloo, grpo), gives
 * its state for checkpoints.
 */
public final class PolicyRole {

    public sealed interface Command {}

    /** Samples one response per prompt at the learner's temperature; draws come from {@code seed} alone. */
    public record Generate(int[][] prompts, long seed, ActorRef<StatusReply<SequencePolicy.Generation>> replyTo) implements Command {}

    /**
     * One update on {@code batch}; with {@code klLossCoef} > 0 (grpo) the loss adds that times the k3 KL to the
     * reference log-probs the batch carries.
     */
    public record Train(ResponseBatch batch, double klLossCoef, ActorRef<StatusReply<SequencePolicyLearner.Stats>> replyTo)
            implements Command {}

    public record Snapshot(ActorRef<StatusReply<LearnerSnapshot>> replyTo) implements Command {}

    private final SequencePolicyLearner learner;
    private final double temperature;
    private final FaultInjection faults;

    private PolicyRole(SequencePolicyLearner learner, double temperature, FaultInjection faults) {
        this.learner = learner;
        this.temperature = temperature;
        this.faults = faults;
    }

    /** @param learner builds the learner, restored to the state the role starts from */
    public static Behavior<Command> create(Supplier<SequencePolicyLearner> learner, double temperature, FaultInjection faults) {
        return Behaviors.setup(context -> new PolicyRole(learner.get(), temperature, faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Generate.class, m -> Replies.answer(faults, RoleNames.POLICY, m.replyTo(),
                        () -> learner.policy().generate(m.prompts(), temperature, new Rng(m.seed()))))
                .onMessage(Train.class, m -> Replies.answer(faults, RoleNames.POLICY, m.replyTo(), () -> learner.update(m.batch(), m.klLossCoef())))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.POLICY, m.replyTo(), learner::snapshot))
                .onSignal(PostStop.class, s -> {
                    learner.close();
                    learner.policy().close();
                    return Behaviors.same();
                })
                .build();
    }
}
