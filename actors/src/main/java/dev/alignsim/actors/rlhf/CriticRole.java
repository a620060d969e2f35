package dev.alignsim.actors.rlhf;

import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** The value network and its optimiser: values per token, PPO's value update; restarted from the last checkpoint on a crash. */
public final class CriticRole {
    static final String NAME = "critic";

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

    /** @param learner builds the learner restored to the last checkpoint; called again after each restart */
    public static Behavior<Command> create(Supplier<SequenceCriticLearner> learner, FaultInjection faults) {
        return Behaviors.supervise(Behaviors.<Command>setup(context -> new CriticRole(learner.get(), faults).behavior()))
                .onFailure(SupervisorStrategy.restart());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Values.class, m -> {
                    Replies.answer(m.replyTo(), () -> {
                        faults.onMessage(NAME);
                        return learner.critic().values(m.prompts(), m.responses());
                    });
                    return Behaviors.same();
                })
                .onMessage(Train.class, m -> {
                    Replies.answer(m.replyTo(), () -> {
                        faults.onMessage(NAME);
                        return learner.update(m.batch());
                    });
                    return Behaviors.same();
                })
                .onMessage(Snapshot.class, m -> {
                    Replies.answer(m.replyTo(), learner::snapshot);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> close())
                .onSignal(org.apache.pekko.actor.typed.PreRestart.class, s -> close())
                .build();
    }

    private Behavior<Command> close() {
        learner.close();
        learner.critic().close();
        return Behaviors.same();
    }
}
