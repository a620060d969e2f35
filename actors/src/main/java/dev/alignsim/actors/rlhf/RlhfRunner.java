package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.NormalisationSet;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs ChatWorld's RLHF iterations in an actor system of their own: Replay over the run's store and the
 * {@link RlhfExperiment} coordinator, which spawns the roles. Starts from the stored SFT and reward models, or
 * continues after the store's last RLHF checkpoint (records after it are dropped first).
 */
final class RlhfRunner {
    private static final int SHUTDOWN_SECONDS = 60;

    private RlhfRunner() {}

    /**
     * @param base the store iteration of PPO iteration 0 (the ppo stage's index in the pipeline)
     * @param labelers where the labelers live
     */
    static void run(StageContext context, RlhfSettings settings, long base, FaultInjection faults, LabelerPool labelers) {
        RoleFactory factory = new RoleFactory(context.world(), settings, context.models(), context.device(), faults,
                renormaliseOn(context, settings), labelers);
        RunStore store = context.store();
        OptionalLong stored = store.lastCheckpoint();
        Optional<Checkpoint> checkpoint = stored.isPresent() && stored.getAsLong() >= base
                ? Optional.of(store.checkpoint(stored.getAsLong())) : Optional.empty();
        long after = checkpoint.map(Checkpoint::getIteration).orElse(base - 1);
        store.truncateAfter(after);
        List<String> lines = new ArrayList<>();
        for (MetricsLine line : store.metricsThrough(after)) {
            lines.add(line.getJson());
        }
        context.directory().rewriteMetrics(lines);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(system -> {
            ActorRef<Replay.Command> replay = system.spawn(Replay.borrowing(store, 0), "replay");
            system.spawn(RlhfExperiment.create(context.world(), settings, factory, replay, context.directory(), base, checkpoint,
                    context.stop(), done),
                    "experiment");
            return Behaviors.empty();
        });
        ActorSystem<Void> system = ActorSystem.create(guardian, "alignsim-rlhf");
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the RLHF stage");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(String.valueOf(cause), cause);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the result is known; a slow shutdown is not worth hiding it
            }
        }
    }

    /**
     * The reference's answers the rm stage normalised on, drawn again (from the same stream, so the same answers) when
     * the reward model renormalises after labeling rounds; nothing to draw when it never trains or keeps the rm
     * stage's normalisation.
     */
    private static Optional<NormalisationSet> renormaliseOn(StageContext context, RlhfSettings settings) {
        return settings.rmRenormalize() && settings.labelEvery() > 0 ? Optional.of(NormalisationSet.of(context)) : Optional.empty();
    }
}
