package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.storage.proto.LabelerState;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Where an RLHF run's simulated labelers live: as {@link LabelerRole} actors in the run's own actor system
 * ({@link #local()}, the default), or elsewhere (a cluster's nodes) behind an actor that answers the same
 * {@link LabelerRole.Command}s, so that the labeling round does not change with the place. Either way a labeler starts
 * from exactly the state it is given, which keeps a run's results independent of where its labelers ran.
 */
public interface LabelerPool {
    /**
     * The behavior of labeler {@code id}'s role in respawn generation {@code generation}, restored to {@code from}
     * (empty: the labeler as the world's population builds it, before its first label).
     */
    Behavior<LabelerRole.Command> labeler(ChatWorld world, String id, Optional<LabelerState> from, int generation, FaultInjection faults);

    /** Every labeler an actor of the run's own actor system. */
    static LabelerPool local() {
        return (world, id, from, generation, faults) -> LabelerRole.create(() -> {
            Labeler labeler = world.population("ppo").labeler(id);
            from.ifPresent(s -> labeler.restore(s.getRngList().stream().mapToLong(Long::longValue).toArray(), s.getLabelsGiven()));
            return labeler;
        }, faults);
    }
}
