package dev.alignsim.actors.critic;

import dev.alignsim.policy.nn.NetworkWeights;
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

    public record Train(int iteration, ValueBatch batch, double learningRate, ActorRef<Reply> replyTo) implements Command {}

    public record GetWeights(ActorRef<Weights> replyTo) implements Command {}

    public sealed interface Reply {}

    public record Values(int iteration, float[] values) implements Reply {}

    public record Trained(int iteration, ValueStats stats) implements Reply {}

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

    private Behavior<Command> onTrain(Train train) {
        try {
            train.replyTo().tell(new Trained(train.iteration(), learner.update(train.batch(), train.learningRate())));
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
