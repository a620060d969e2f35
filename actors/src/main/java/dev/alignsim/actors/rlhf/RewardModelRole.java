package dev.alignsim.actors.rlhf;

import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardTrainer;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The learned reward model (an ensemble of one or more members): scores responses with its fixed normalisation
 * and keeps training on new and replayed comparisons; its state for checkpoints.
 */
public final class RewardModelRole {
    public sealed interface Command {}

    public record Score(int[][] prompts, int[][] responses, ActorRef<StatusReply<RewardEnsemble.Scores>> replyTo) implements Command {}

    /** Trains every member on these rankings; answers the members' mean final loss. */
    public record Train(List<RankedResponses> rankings, ActorRef<StatusReply<Double>> replyTo) implements Command {}

    public record Snapshot(long version, ActorRef<StatusReply<List<LearnerSnapshot>>> replyTo) implements Command {}

    private final RewardEnsemble ensemble;
    private final FaultInjection faults;

    private RewardModelRole(RewardEnsemble ensemble, FaultInjection faults) {
        this.ensemble = ensemble;
        this.faults = faults;
    }

    /** @param ensemble builds the reward model, restored to the state the role starts from */
    public static Behavior<Command> create(Supplier<RewardEnsemble> ensemble, FaultInjection faults) {
        return Behaviors.setup(context -> new RewardModelRole(ensemble.get(), faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Score.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(),
                        () -> ensemble.scores(m.prompts(), m.responses())))
                .onMessage(Train.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(),
                        () -> ensemble.train(m.rankings()).stream().mapToDouble(RewardTrainer.Stats::finalLoss).average().orElse(Double.NaN)))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(), () -> ensemble.snapshot(m.version())))
                .onSignal(PostStop.class, s -> {
                    ensemble.close();
                    return Behaviors.same();
                })
                .build();
    }
}
