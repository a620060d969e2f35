package dev.alignsim.app.cluster;

import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * The experiments' sharding: entities live only on members with the {@code experiment} role; on other members
 * (the sweep's client) the same call starts a proxy that routes to them.
 */
public final class ExperimentSharding {
    private ExperimentSharding() {}

    /**
     * @param root the sweep root entities read on this node (null on a client, which hosts none)
     * @param slots the node's experiment slots (null on a client)
     */
    public static ActorRef<ShardingEnvelope<ExperimentEntity.Command>> init(ActorSystem<?> system, Path root,
            ActorRef<JobSlots.Command> slots) {
        return ClusterSharding.get(system).init(Entity.of(ExperimentEntity.TYPE_KEY,
                        context -> ExperimentEntity.create(context.getEntityId(), root, slots))
                .withRole(ClusterSettings.EXPERIMENT_ROLE));
    }
}
