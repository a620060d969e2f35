package dev.alignsim.actors.rlhf;

import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** The value network and its optimiser: values per token, PPO's value update, its state for checkpoints. */
public final class CriticRole {

    public sealed interface Command {}

    public record Values(int[][] prompts, int[][] responses, ActorRef<StatusReply<float[]>> replyTo) implements Command {}

    public record Train(ResponseBatch batch, ActorRef<StatusReply<SequenceCriticLearner.Stats>> replyTo) implements Command {}

    public record Snapshot(ActorRef<StatusReply<LearnerSnapshot>> replyTo) implements Command {}

    private final SequenceCriticLearner learner;
    private final FaultInjection faults;

    private CriticRole(SequenceCriticLearner learner, FaultInjection faults) {
        this.learner = learner;
        this.faults = faults;
    }

    /** @param learner builds the learner, restored to the state the role starts from */
    public static Behavior<Command> create(Supplier<SequenceCriticLearner> learner, FaultInjection faults) {
        return Behaviors.setup(context -> new CriticRole(learner.get(), faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Values.class, m -> Replies.answer(faults, RoleNames.CRITIC, m.replyTo(), () -> learner.critic().values(m.prompts(), m.responses())))
                .onMessage(Train.class, m -> Replies.answer(faults, RoleNames.CRITIC, m.replyTo(), () -> learner.update(m.batch())))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.CRITIC, m.replyTo(), learner::snapshot))
                .onSignal(PostStop.class, s -> {
                    learner.close();
                    learner.critic().close();
                    return Behaviors.same();
                })
                .build();
    }
}
