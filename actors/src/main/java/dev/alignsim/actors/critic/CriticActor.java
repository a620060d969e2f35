package dev.alignsim.actors.critic;

import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.ValueBatch;
import dev.alignsim.policy.ppo.ValueLearner;
import dev.alignsim.policy.ppo.ValueStats;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Owns the value network and its optimiser: values batches of observations and trains on returns. */
public final class CriticActor {

    public sealed interface Command {}

    public record ComputeValues(int iteration, float[] observations, int size, ActorRef<Reply> replyTo) implements Command {}

    /** Train on a batch; with {@code snapshot}, the reply carries the learner's state for a checkpoint. */
    public record Train(int iteration, ValueBatch batch, double learningRate, boolean snapshot, ActorRef<Reply> replyTo)
            implements Command {}

    /** Continue from a checkpointed learner state. */
    public record Restore(LearnerSnapshot snapshot, ActorRef<Restored> replyTo) implements Command {}

    public record Restored() {}

    public record GetWeights(ActorRef<Weights> replyTo) implements Command {}

    public sealed interface Reply {}

    public record Values(int iteration, float[] values) implements Reply {}

    public record Trained(int iteration, ValueStats stats, LearnerSnapshot snapshot) implements Reply {}

    public record Failed(int iteration, String reason) implements Reply {}

    public record Weights(NetworkWeights weights) {}

    private final ValueLearner learner;

    private CriticActor(ValueLearner learner) {
        this.learner = learner;
    }

    public static Behavior<Command> create(Supplier<ValueLearner> learner) {
        return Behaviors.setup(context -> new CriticActor(learner.get()).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(ComputeValues.class, this::onComputeValues)
                .onMessage(Train.class, this::onTrain)
                .onMessage(Restore.class, this::onRestore)
                .onMessage(GetWeights.class, this::onGetWeights)
                .onSignal(PostStop.class, signal -> {
                    learner.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onComputeValues(ComputeValues request) {
        try {
            request.replyTo().tell(new Values(request.iteration(), learner.values(request.observations(), request.size())));
        } catch (RuntimeException e) {
            request.replyTo().tell(new Failed(request.iteration(), e.getMessage()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onRestore(Restore restore) {
        learner.restore(restore.snapshot());
        restore.replyTo().tell(new Restored());
        return Behaviors.same();
    }

    private Behavior<Command> onTrain(Train train) {
        try {
            ValueStats stats = learner.update(train.batch(), train.learningRate());
            train.replyTo().tell(new Trained(train.iteration(), stats, train.snapshot() ? learner.snapshot() : null));
        } catch (RuntimeException e) {
            train.replyTo().tell(new Failed(train.iteration(), e.getMessage()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetWeights(GetWeights get) {
        get.replyTo().tell(new Weights(learner.weights()));
        return Behaviors.same();
    }
}
