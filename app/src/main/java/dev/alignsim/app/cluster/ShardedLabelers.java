package dev.alignsim.app.cluster;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.lifecycle.RunFailedException;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.LabelerPool;
import dev.alignsim.actors.rlhf.LabelerRole;
import dev.alignsim.app.console.Console;
import dev.alignsim.storage.proto.LabelerState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A run's labelers on the cluster's {@code labeler} members ({@code alignsim run --labelers-on}): the run process joins
 * as a member without roles (it hosts no entity and does not count in the split brain resolver's majority), and each
 * labeler role of its RLHF stage is a {@link ShardedLabeler} in front of a {@link LabelerEntity}. Entity ids carry an id
 * of this process's run, so two runs (or a run and its resume) never share an entity.
 */
public final class ShardedLabelers implements LabelerPool, AutoCloseable {
    private static final long JOIN_SECONDS = 60;
    private static final long LEAVE_SECONDS = 30;

    private final ActorSystem<Void> system;
    private final String runId = UUID.randomUUID().toString();
    private final String config;
    private final Duration timeout;

    private ShardedLabelers(ActorSystem<Void> system, String config, Duration timeout) {
        this.system = system;
        this.config = config;
        this.timeout = timeout;
    }

    /**
     * Joins the cluster and waits until this member is up.
     *
     * @param settings this member's address and the seed nodes (its roles are ignored: it has none)
     * @param config the run's resolved settings, as stored in its run directory: each entity builds its labeler from them
     * @param timeout how long a labeler's request may wait (the run's chat.ppo.ask_timeout)
     */
    public static ShardedLabelers join(ClusterSettings settings, String config, Duration timeout) {
        ClusterSettings client = new ClusterSettings(settings.host(), settings.port(), settings.seeds(), List.of(), settings.tls());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
            LabelerSharding.init(context.getSystem());
            return Behaviors.empty();
        }), ClusterSettings.SYSTEM, client.config());
        Cluster cluster = Cluster.get(Adapter.toClassic(system));
        CompletableFuture<Void> up = new CompletableFuture<>();
        cluster.registerOnMemberUp(() -> up.complete(null));
        try {
            up.get(JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            system.terminate();
            throw new RunFailedException("--labelers-on " + String.join(",", settings.seeds()) + ": no cluster joined within "
                    + JOIN_SECONDS + " s; expected alignsim node members reachable there (docs/CLUSTER.md)", e);
        } catch (Exception e) {
            system.terminate();
            throw new RunFailedException("--labelers-on " + String.join(",", settings.seeds()) + ": joining the cluster failed: "
                    + e.getMessage(), e);
        }
        Console.say("labelers: on the cluster of " + String.join(",", settings.seeds()) + ", joined as " + cluster.selfMember().address());
        return new ShardedLabelers(system, config, timeout);
    }

    @Override
    public Behavior<LabelerRole.Command> labeler(ChatWorld world, String id, Optional<LabelerState> from, int generation,
            FaultInjection faults) {
        long[] rng = from.map(s -> s.getRngList().stream().mapToLong(Long::longValue).toArray()).orElse(new long[0]);
        long labelsGiven = from.map(LabelerState::getLabelsGiven).orElse(0L);
        return ShardedLabeler.create(ClusterSharding.get(system).entityRefFor(LabelerEntity.TYPE_KEY, LabelerEntity.entityId(runId, id)),
                id, generation, r -> new LabelerEntity.Restore(config, id, generation, rng, labelsGiven, r), timeout);
    }

    /** Leaves the cluster. */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(LEAVE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the run's result is known; a slow leave is not worth hiding it
        }
    }
}
