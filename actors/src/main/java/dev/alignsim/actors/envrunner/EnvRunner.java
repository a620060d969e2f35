package dev.alignsim.actors.envrunner;

import dev.alignsim.env.Rng;
import dev.alignsim.env.VectorEnvironment;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.InferencePolicy;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Owns a slice of the environments and an acting copy of the policy at a known weight version; answers a
 * {@link Collect} with a whole {@link Rollout}. A failure is reported to the requester; the environments may then
 * be in the middle of a step, so the requester does not ask again but restores every role (this one included) from
 * the last checkpoint.
 */
public final class EnvRunner {

    public sealed interface Command {}

    /** Collect {@code steps} steps with these weights (the runner reloads its copy when the version changes). */
    public record Collect(int iteration, int steps, NetworkWeights weights, ActorRef<Reply> replyTo) implements Command {}

    /** Continue from a checkpointed state instead of fresh environments. */
    public record Restore(RolloutCollector.State state, ActorRef<Restored> replyTo) implements Command {}

    public record Restored(int runnerIndex) {}

    public sealed interface Reply {}

    /** A rollout and the runner's state after it (the state a checkpoint of this iteration holds). */
    public record Collected(int runnerIndex, int iteration, Rollout rollout, RolloutCollector.State state) implements Reply {}

    public record CollectFailed(int runnerIndex, int iteration, String reason) implements Reply {}

    private final int runnerIndex;
    private final NetworkSpec spec;
    private final RolloutCollector collector;
    private InferencePolicy policy;

    private EnvRunner(int runnerIndex, NetworkSpec spec, RolloutCollector collector) {
        this.runnerIndex = runnerIndex;
        this.spec = spec;
        this.collector = collector;
    }

    /**
     * @param envs makes this runner's environments, reset from their seed: the run's start
     * @param seed the run's seed; the runner samples actions from its own stream of it
     */
    public static Behavior<Command> create(int runnerIndex, NetworkSpec spec, Supplier<VectorEnvironment> envs, long seed) {
        return Behaviors.setup(context -> {
            RolloutCollector collector = new RolloutCollector(envs.get(), Rng.derive(seed, 1000L + runnerIndex));
            return new EnvRunner(runnerIndex, spec, collector).behavior();
        });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Collect.class, this::onCollect)
                .onMessage(Restore.class, this::onRestore)
                .build();
    }

    private Behavior<Command> onRestore(Restore restore) {
        collector.restore(restore.state());
        restore.replyTo().tell(new Restored(runnerIndex));
        return Behaviors.same();
    }

    private Behavior<Command> onCollect(Collect collect) {
        try {
            if (policy == null || policy.version() != collect.weights().version()) {
                policy = new InferencePolicy(spec, collect.weights());
            }
            Rollout rollout = collector.collect(collect.steps(), policy);
            collect.replyTo().tell(new Collected(runnerIndex, collect.iteration(), rollout, collector.snapshot()));
        } catch (RuntimeException e) {
            collect.replyTo().tell(new CollectFailed(runnerIndex, collect.iteration(), e.toString()));
        }
        return Behaviors.same();
    }
}
