package dev.alignsim.actors.policy;

import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.PolicyBatch;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.PolicyStats;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Owns the trained policy network and its optimiser; trains on batches and publishes weights by version. */
public final class PolicyActor {

    public sealed interface Command {}

    public record GetWeights(ActorRef<Weights> replyTo) implements Command {}

    /** Train on a batch; with {@code snapshot}, the reply carries the learner's state for a checkpoint. */
    public record Train(int iteration, PolicyBatch batch, double learningRate, boolean snapshot, ActorRef<Reply> replyTo)
            implements Command {}

    /** Continue from a checkpointed learner state. */
    public record Restore(LearnerSnapshot snapshot, ActorRef<Weights> replyTo) implements Command {}

    public sealed interface Reply {}

    public record Weights(NetworkWeights weights) {}

    public record Trained(int iteration, PolicyStats stats, NetworkWeights weights, LearnerSnapshot snapshot) implements Reply {}

    public record TrainFailed(int iteration, String reason) implements Reply {}

    private final PolicyLearner learner;

    private PolicyActor(PolicyLearner learner) {
        this.learner = learner;
    }

    public static Behavior<Command> create(Supplier<PolicyLearner> learner) {
        return Behaviors.setup(context -> new PolicyActor(learner.get()).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(GetWeights.class, this::onGetWeights)
                .onMessage(Train.class, this::onTrain)
                .onMessage(Restore.class, this::onRestore)
                .onSignal(PostStop.class, signal -> {
                    learner.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onGetWeights(GetWeights get) {
        get.replyTo().tell(new Weights(learner.weights()));
        return Behaviors.same();
    }

    private Behavior<Command> onRestore(Restore restore) {
        learner.restore(restore.snapshot());
        restore.replyTo().tell(new Weights(learner.weights()));
        return Behaviors.same();
    }

    private Behavior<Command> onTrain(Train train) {
        try {
            PolicyStats stats = learner.update(train.batch(), train.learningRate());
            train.replyTo().tell(new Trained(train.iteration(), stats, learner.weights(),
                    train.snapshot() ? learner.snapshot() : null));
        } catch (RuntimeException e) {
            // Reported with its reason (NaN, a bad batch); the learner may be part-way through an update, so the
            // coordinator restores every role from the last checkpoint rather than asking again.
            train.replyTo().tell(new TrainFailed(train.iteration(), e.getMessage()));
        }
        return Behaviors.same();
    }
}
