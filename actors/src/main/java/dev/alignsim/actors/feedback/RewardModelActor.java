package dev.alignsim.actors.feedback;

import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.preference.SegmentComparison;
import dev.alignsim.policy.preference.SegmentRewardEnsemble;
import dev.alignsim.policy.preference.SegmentRewardModel;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Owns the learned reward (an ensemble of {@link SegmentRewardModel}s with their optimisers): rewards a rollout's
 * steps, trains on comparisons and then sets its scale on the same rollout, and gives its state for checkpoints.
 */
public final class RewardModelActor {

    public sealed interface Command {}

    /** Every member's reward of {@code rows} steps (observations and actions row-major). */
    public record Reward(int iteration, float[] observations, float[] actions, int rows, ActorRef<Reply> replyTo)
            implements Command {}

    /** Train on comparisons, set the scale on these steps, then reward them. */
    public record Train(int iteration, List<SegmentComparison> comparisons, float[] observations, float[] actions, int rows,
            ActorRef<Reply> replyTo) implements Command {}

    public record Snapshot(long version, ActorRef<Reply> replyTo) implements Command {}

    public record Restore(List<LearnerSnapshot> members, double[] scales, ActorRef<Restored> replyTo) implements Command {}

    public record Restored() {}

    public sealed interface Reply {}

    /** [member][row] normalised rewards. */
    public record Rewards(int iteration, double[][] memberRewards) implements Reply {}

    public record Trained(int iteration, SegmentRewardModel.Stats stats, double[][] memberRewards) implements Reply {}

    public record State(List<LearnerSnapshot> members, double[] scales) implements Reply {}

    public record Failed(int iteration, String reason) implements Reply {}

    private final SegmentRewardEnsemble ensemble;

    private RewardModelActor(SegmentRewardEnsemble ensemble) {
        this.ensemble = ensemble;
    }

    public static Behavior<Command> create(Supplier<SegmentRewardEnsemble> ensemble) {
        return Behaviors.setup(context -> new RewardModelActor(ensemble.get()).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Reward.class, this::onReward)
                .onMessage(Train.class, this::onTrain)
                .onMessage(Snapshot.class, this::onSnapshot)
                .onMessage(Restore.class, this::onRestore)
                .onSignal(PostStop.class, signal -> {
                    ensemble.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onReward(Reward reward) {
        try {
            reward.replyTo().tell(new Rewards(reward.iteration(),
                    ensemble.memberRewards(reward.observations(), reward.actions(), reward.rows())));
        } catch (RuntimeException e) {
            reward.replyTo().tell(new Failed(reward.iteration(), e.toString()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onTrain(Train train) {
        try {
            SegmentRewardModel.Stats stats = ensemble.train(train.comparisons());
            ensemble.normaliseOn(train.observations(), train.actions(), train.rows());
            train.replyTo().tell(new Trained(train.iteration(), stats,
                    ensemble.memberRewards(train.observations(), train.actions(), train.rows())));
        } catch (RuntimeException e) {
            // Part of an update may have happened: the coordinator restores every role rather than asking again.
            train.replyTo().tell(new Failed(train.iteration(), e.toString()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSnapshot(Snapshot snapshot) {
        snapshot.replyTo().tell(new State(ensemble.snapshot(snapshot.version()), ensemble.scales()));
        return Behaviors.same();
    }

    private Behavior<Command> onRestore(Restore restore) {
        ensemble.restore(restore.members(), restore.scales());
        restore.replyTo().tell(new Restored());
        return Behaviors.same();
    }
}
