package dev.alignsim.app.cluster;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.console.Console;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.labelers.Labeler;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One simulated labeler of one RLHF run, as a Cluster Sharding entity (id: {@link #entityId}). It holds no state of
 * its own that the run cannot give back: the run's coordinator restores it ({@link Restore}: the run's settings, the
 * labeler's generator words and labels given, from its last checkpoint or the start) in each respawn generation, and
 * every {@link Rank} and {@link Snapshot} names the generation it belongs to. A message of another generation, or one
 * reaching an incarnation that was never restored (its node died, its shard moved), is refused: the run then recovers
 * from its last checkpoint, so the labels are those a single-node run gives.
 */
public final class LabelerEntity {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "labeler");

    public sealed interface Command {}

    /**
     * Become labeler {@code labelerId} of the run whose resolved settings are {@code config}, in generation
     * {@code generation}, with the generator words {@code rng} and {@code labelsGiven} labels given (empty {@code rng}:
     * as the world's population builds it).
     */
    public record Restore(String config, String labelerId, int generation, long[] rng, long labelsGiven, ActorRef<Answer> replyTo)
            implements Command, CborSerializable {}

    /** Rank each task's responses, best first. */
    public record Rank(int generation, List<Task> tasks, ActorRef<Answer> replyTo) implements Command, CborSerializable {}

    /** Report the generator words and labels given, for the run's checkpoint. */
    public record Snapshot(int generation, ActorRef<Answer> replyTo) implements Command, CborSerializable {}

    /** The run no longer needs generation {@code generation}: stop, unless a later generation restored it since. */
    public record Release(int generation) implements Command, CborSerializable {}

    /** One prompt to rank: its index in the labeling round, the prompt, and its responses in presentation order. */
    public record Task(int index, PromptDto prompt, int[][] responses) {}

    /** A {@link Prompt} on the wire: its parts as plain fields. */
    public record PromptDto(String kind, int template, int intent, int object, int context, int entity, int attribute, int topic,
            int harmCategory, boolean ambiguous, int[] tokens) {
        public static PromptDto of(Prompt p) {
            return new PromptDto(p.kind().name(), p.template(), p.intent(), p.object(), p.context(), p.entity(), p.attribute(), p.topic(),
                    p.harmCategory(), p.ambiguous(), p.tokens());
        }

        Prompt toPrompt() {
            return new Prompt(PromptKind.valueOf(kind), template, intent, object, context, entity, attribute, topic, harmCategory, ambiguous,
                    tokens);
        }
    }

    /** A task's ranking, and how many labels the labeler had given before it. */
    public record Ranked(int index, int[] ranking, long labelsGivenBefore) {}

    /**
     * The one reply: {@code refusal} set when the message was refused (nothing changed), else {@code rankings} (for a
     * Rank) and the labeler's state after the message.
     */
    public record Answer(String refusal, List<Ranked> rankings, long[] rng, long labelsGiven) implements CborSerializable {
        static Answer refused(String why) {
            return new Answer(why, List.of(), new long[0], 0);
        }
    }

    private final ActorContext<Command> context;
    private final String entityId;
    private final String node;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private String config;
    private ChatWorld world;
    private Labeler labeler;
    private int generation = -1;

    private LabelerEntity(ActorContext<Command> context, String entityId, String node, ActorRef<ClusterSharding.ShardCommand> shard) {
        this.context = context;
        this.entityId = entityId;
        this.node = node;
        this.shard = shard;
    }

    /** The entity of labeler {@code labelerId} in run {@code runId}: one per simulated person and run. */
    public static String entityId(String runId, String labelerId) {
        return runId + "/" + labelerId;
    }

    /**
     * @param node this member's host:port, named in the node's log when the entity is restored
     * @param shard the entity's shard, asked to passivate it on {@link Release} (so a message arriving meanwhile, such as
     *     the next generation's {@link Restore}, starts it again instead of being lost)
     */
    public static Behavior<Command> create(String entityId, String node, ActorRef<ClusterSharding.ShardCommand> shard) {
        return Behaviors.setup(context -> new LabelerEntity(context, entityId, node, shard).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Restore.class, m -> {
                    m.replyTo().tell(restore(m));
                    return Behaviors.same();
                })
                .onMessage(Rank.class, m -> {
                    m.replyTo().tell(refusal(m.generation()) != null ? Answer.refused(refusal(m.generation())) : rank(m.tasks()));
                    return Behaviors.same();
                })
                .onMessage(Snapshot.class, m -> {
                    String refusal = refusal(m.generation());
                    m.replyTo().tell(refusal != null ? Answer.refused(refusal) : new Answer(null, List.of(), labeler.rngState(),
                            labeler.labelsGiven()));
                    return Behaviors.same();
                })
                .onMessage(Release.class, m -> {
                    if (m.generation() >= generation) {
                        shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Answer restore(Restore m) {
        if (m.generation() < generation) {
            return Answer.refused("labeler " + entityId + " already holds generation " + generation + ", later than " + m.generation());
        }
        if (m.generation() == generation) {
            // A retry of the Restore this generation began with (its answer came late): the labeler may have ranked since.
            return new Answer(null, List.of(), labeler.rngState(), labeler.labelsGiven());
        }
        try {
            if (!m.config().equals(config)) {
                world = new ChatWorld(SettingsLoader.chat(SettingsLoader.loadStored(m.config())));
                config = m.config();
            }
            Labeler restored = world.population("ppo").labeler(m.labelerId());
            if (m.rng().length > 0) {
                restored.restore(m.rng(), m.labelsGiven());
            }
            labeler = restored;
            generation = m.generation();
            Console.say("labeler " + entityId + ": generation " + generation + " on " + node + ", " + labeler.labelsGiven() + " labels given");
            return new Answer(null, List.of(), labeler.rngState(), labeler.labelsGiven());
        } catch (RuntimeException e) {
            return Answer.refused("labeler " + entityId + " cannot be restored: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Why a message of {@code messageGeneration} is refused; null when it is not. */
    private String refusal(int messageGeneration) {
        if (labeler == null) {
            return "labeler " + entityId + " was not restored here (its node left or its shard moved)";
        }
        if (messageGeneration != generation) {
            return "labeler " + entityId + " holds generation " + generation + ", not " + messageGeneration;
        }
        return null;
    }

    private Answer rank(List<Task> tasks) {
        try {
            List<Ranked> out = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                long before = labeler.labelsGiven();
                out.add(new Ranked(t.index(), labeler.rank(t.prompt().toPrompt(), t.responses()), before));
            }
            return new Answer(null, out, labeler.rngState(), labeler.labelsGiven());
        } catch (RuntimeException e) {
            // Its state may have moved part way: the run recovers from its checkpoint and restores it anyway.
            return Answer.refused("labeler " + entityId + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
