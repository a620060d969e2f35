package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.storage.proto.Checkpoint;
import java.time.Duration;
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
        return 2 + roles.runners().size();
    }
}
