package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.NormalisationSet;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardTrainer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The learned reward model (an ensemble of one or more members): scores responses with its current normalisation
 * and keeps training on new and replayed comparisons, renormalising after each training when given a
 * {@link NormalisationSet} ({@code chat.ppo.rm_renormalize}); its state, normalisation included, for checkpoints.
 */
public final class RewardModelRole {
    public sealed interface Command {}

    public record Score(int[][] prompts, int[][] responses, ActorRef<StatusReply<RewardEnsemble.Scores>> replyTo) implements Command {}

    /** Trains every member on these rankings, then renormalises when the role does. */
    public record Train(List<RankedResponses> rankings, ActorRef<StatusReply<Trained>> replyTo) implements Command {}

    /**
     * Per-group rewards: trains member m on {@code byMember.get(m)} alone (a member given none is left as it is), then
     * renormalises when the role does.
     */
    public record TrainEach(List<List<RankedResponses>> byMember, ActorRef<StatusReply<Trained>> replyTo) implements Command {}

    public record Snapshot(long version, ActorRef<StatusReply<State>> replyTo) implements Command {}

    /** The (trained) members' mean final loss, and the normalisation the role scores with from now on. */
    public record Trained(double loss, ScoreNormalisation normalisation) {}

    /** Every member's learner, and the normalisation it scores with. */
    public record State(List<LearnerSnapshot> members, ScoreNormalisation normalisation) {}

    private final RewardEnsemble ensemble;
    private final Optional<NormalisationSet> renormaliseOn;
    private final FaultInjection faults;

    private RewardModelRole(RewardEnsemble ensemble, Optional<NormalisationSet> renormaliseOn, FaultInjection faults) {
        this.ensemble = ensemble;
        this.renormaliseOn = renormaliseOn;
        this.faults = faults;
    }

    /**
     * @param ensemble builds the reward model, restored to the state the role starts from
     * @param renormaliseOn what to renormalise on after each training (empty: keep the normalisation it starts with)
     */
    public static Behavior<Command> create(Supplier<RewardEnsemble> ensemble, Optional<NormalisationSet> renormaliseOn,
            FaultInjection faults) {
        return Behaviors.setup(context -> new RewardModelRole(ensemble.get(), renormaliseOn, faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Score.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(),
                        () -> ensemble.scores(m.prompts(), m.responses())))
                .onMessage(Train.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(), () -> train(m.rankings())))
                .onMessage(TrainEach.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(), () -> trainEach(m.byMember())))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.REWARD_MODEL, m.replyTo(),
                        () -> new State(ensemble.snapshot(m.version()), ScoreNormalisation.of(ensemble))))
                .onSignal(PostStop.class, s -> {
                    ensemble.close();
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Training moves the raw scores; without renormalising, their scale drifts against the fixed KL coefficient the
     * policy is penalised with, which was chosen for scores of unit spread on the reference's answers.
     */
    private Trained train(List<RankedResponses> rankings) {
        double loss = ensemble.train(rankings).stream().mapToDouble(RewardTrainer.Stats::finalLoss).average().orElse(Double.NaN);
        renormaliseOn.ifPresent(set -> set.normalise(ensemble));
        return new Trained(loss, ScoreNormalisation.of(ensemble));
    }

    /** Each member on its own rankings; the loss is the mean over the members that had any. */
    private Trained trainEach(List<List<RankedResponses>> byMember) {
        double loss = ensemble.trainEach(byMember).stream().flatMap(Optional::stream).mapToDouble(RewardTrainer.Stats::finalLoss).average()
                .orElse(Double.NaN);
        renormaliseOn.ifPresent(set -> set.normalise(ensemble));
        return new Trained(loss, ScoreNormalisation.of(ensemble));
    }
}
