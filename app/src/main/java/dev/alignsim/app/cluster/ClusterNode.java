package dev.alignsim.app.cluster;

import dev.alignsim.app.console.Console;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;

/**
 * {@code alignsim node}: a cluster member with the experiment and labeler roles, hosting experiment entities of sweeps
 * and labeler entities of runs until it leaves.
 */
public final class ClusterNode {
    private ClusterNode() {}

    /** Starts the member; it lives until {@link ActorSystem#terminate} (a signal, or downing by the split brain resolver). */
    public static ActorSystem<Void> start(ClusterSettings settings, Path root, int jobs) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
            ExperimentSharding.init(context.getSystem(), root, context.spawn(JobSlots.create(jobs), "slots"));
            LabelerSharding.init(context.getSystem());
            return Behaviors.empty();
        }), ClusterSettings.SYSTEM, settings.config());
        Cluster cluster = Cluster.get(Adapter.toClassic(system));
        cluster.registerOnMemberUp(() -> Console.say("node: up at " + cluster.selfMember().address() + " (roles "
                + String.join(", ", settings.roles()) + "; " + jobs + " experiment" + (jobs == 1 ? "" : "s") + " at a time), sweep root "
                + root.toAbsolutePath()));
        return system;
    }

    /** Runs the member until it is terminated. */
    public static void run(ClusterSettings settings, Path root, int jobs) throws Exception {
        ActorSystem<Void> system = start(settings, root, jobs);
        NodeSignals.terminateOnSignal(system);
        system.getWhenTerminated().toCompletableFuture().get();
        Console.say("node: left the cluster");
    }
}
