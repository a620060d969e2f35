package dev.alignsim.app.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The labelers' sharding: entities live only on members with the {@code labeler} role; on a run's member (no role)
 * the same call starts a proxy that routes to them. Labelers are never passivated: between two labeling rounds a
 * labeler is idle for as long as the run's iterations take, and an entity passivated then would have lost its state.
 * The run stops them itself ({@link LabelerEntity.Release}).
 */
public final class LabelerSharding {
    private LabelerSharding() {}

    public static ActorRef<ShardingEnvelope<LabelerEntity.Command>> init(ActorSystem<?> system) {
        Address self = Cluster.get(system).selfMember().address();
        String node = self.host().get() + ":" + self.port().get();
        return ClusterSharding.get(system).init(Entity.of(LabelerEntity.TYPE_KEY, context -> LabelerEntity.create(context.getEntityId(), node,
                        context.getShard()))
                .withRole(ClusterSettings.LABELER_ROLE)
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    }
}
