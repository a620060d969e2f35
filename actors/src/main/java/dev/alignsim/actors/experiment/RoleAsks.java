package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.FeedbackState;
import dev.alignsim.storage.proto.LabelerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The coordinator's asks of its roles. Each is asked once, within the ask timeout, and its answer comes back to the
 * coordinator tagged with the generation of roles it was asked in. There are no retries: a role that fails or does
 * not answer is reported as {@link Experiment.RoleFailed}, and the coordinator restores every role.
 */
final class RoleAsks {
    private final ActorContext<Experiment.Command> context;
    private final Duration timeout;

    RoleAsks(ActorContext<Experiment.Command> context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    <Q, R> void ask(int generation, String role, ActorRef<Q> target, Function<ActorRef<R>, Q> request,
            BiFunction<Integer, R, Experiment.Command> answer) {
        context.pipeToSelf(AskPattern.ask(target, request::apply, timeout, context.getSystem().scheduler()),
                (reply, error) -> error == null ? answer.apply(generation, reply) : new Experiment.RoleFailed(generation, role, failure(error)));
    }

    private String failure(Throwable error) {
        return error instanceof TimeoutException ? "did not answer within " + timeout.toMillis() + " ms" : "could not be asked: " + error;
    }

    /**
     * Sends every role its part of {@code checkpoint}, as a resume does; answers with the number of answers the
     * roles will send ({@link Experiment.PolicyReady} from the policy, {@link Experiment.RoleRestored} from the rest).
     */
    int restore(int generation, Roles roles, Checkpoint checkpoint) {
        ask(generation, Roles.POLICY, roles.policy(), (ActorRef<PolicyActor.Weights> replyTo) -> new PolicyActor.Restore(
                RecordCodec.learner(checkpoint.getPolicy()), replyTo), Experiment.PolicyReady::new);
        ask(generation, Roles.CRITIC, roles.critic(), (ActorRef<CriticActor.Restored> replyTo) -> new CriticActor.Restore(
                RecordCodec.learner(checkpoint.getCritic()), replyTo), (g, restored) -> new Experiment.RoleRestored(g));
        for (int i = 0; i < roles.runners().size(); i++) {
            RolloutCollector.State state = RecordCodec.runner(checkpoint.getRunners(i));
            ask(generation, Roles.runner(i), roles.runners().get(i), (ActorRef<EnvRunner.Restored> replyTo) -> new EnvRunner.Restore(
                    state, replyTo), (g, restored) -> new Experiment.RoleRestored(g));
        }
        int answers = 2 + roles.runners().size();
        if (roles.rewardModel() != null && checkpoint.hasFeedback()) {
            answers += restoreFeedback(generation, roles, checkpoint.getFeedback());
        }
        return answers;
    }

    /** The reward model's members and scales, and every labeler's generator and label count. */
    private int restoreFeedback(int generation, Roles roles, FeedbackState state) {
        List<LearnerSnapshot> members = state.getRewardModelsList().stream().map(RecordCodec::learner).toList();
        double[] scales = state.getRewardScalesList().stream().mapToDouble(Double::doubleValue).toArray();
        ask(generation, Roles.REWARD_MODEL, roles.rewardModel(), (ActorRef<RewardModelActor.Restored> replyTo) -> new RewardModelActor.Restore(
                members, scales, replyTo), (g, restored) -> new Experiment.RoleRestored(g));
        if (state.getLabelersCount() != roles.labelers().size()) {
            throw new IllegalStateException("checkpoint holds " + state.getLabelersCount() + " labelers, the run has "
                    + roles.labelers().size());
        }
        for (int i = 0; i < roles.labelers().size(); i++) {
            LabelerState labeler = state.getLabelers(i);
            long[] rng = labeler.getRngList().stream().mapToLong(Long::longValue).toArray();
            ask(generation, Roles.labeler(i), roles.labelers().get(i), (ActorRef<LabelerActor.Restored> replyTo) -> new LabelerActor.Restore(
                    rng, labeler.getLabelsGiven(), replyTo), (g, restored) -> new Experiment.RoleRestored(g));
        }
        return 1 + roles.labelers().size();
    }
}
