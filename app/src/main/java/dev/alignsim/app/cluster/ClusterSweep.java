package dev.alignsim.app.cluster;

import dev.alignsim.app.cli.InvalidArgumentException;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.sweep.Experiment;
import dev.alignsim.app.sweep.Sweep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * {@code alignsim sweep --seeds}: joins the cluster as a client member (no experiment role, so it hosts no
 * experiment and does not count in the split brain resolver's majority), submits every experiment of the sweep by
 * polling its entity, waits until all are done and leaves.
 */
public final class ClusterSweep {
    private static final long JOIN_SECONDS = 60;

    private ClusterSweep() {}

    /** @return how many experiments failed */
    public static int run(Sweep sweep, ClusterSettings settings) throws Exception {
        List<String> names = sweep.experiments().stream().map(Experiment::name).toList();
        CompletableFuture<Map<String, ExperimentEntity.Status>> done = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
            ExperimentSharding.init(context.getSystem(), null, null);
            context.spawn(SweepClient.create(names, done), "sweep");
            return Behaviors.empty();
        }), ClusterSettings.SYSTEM, settings.config());
        NodeSignals.terminateOnSignal(system);
        system.getWhenTerminated().thenRun(() -> done.completeExceptionally(new InterruptedException("the sweep's client stopped")));
        try {
            awaitUp(system, settings);
            Console.say("sweep: joined the cluster at " + settings.seeds() + "; " + names.size() + " experiments submitted, root " + sweep.root());
            Map<String, ExperimentEntity.Status> statuses = done.get();
            return (int) statuses.values().stream().filter(s -> s.state() == ExperimentEntity.State.FAILED).count();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitUp(ActorSystem<Void> system, ClusterSettings settings) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
        Cluster cluster = Cluster.get(system);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new InvalidArgumentException("cannot join the cluster at --seeds " + String.join(",", settings.seeds()) + " within "
                        + JOIN_SECONDS + " s; expected alignsim node members listening there (alignsim node --host H --port P)");
            }
            Thread.sleep(100);
        }
    }
}
