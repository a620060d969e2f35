package dev.alignsim.actors.feedback;

import dev.alignsim.env.labelers.SegmentLabeler;
import dev.alignsim.policy.preference.Segment;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** One simulated person: compares pairs of segments by their true returns, through its labeler strategy. */
public final class LabelerActor {

    public sealed interface Command {}

    /** Choose between the two segments of each pair, in order. */
    public record Judge(int iteration, List<Segment[]> pairs, ActorRef<Reply> replyTo) implements Command {}

    public record Snapshot(ActorRef<Reply> replyTo) implements Command {}

    public record Restore(long[] rng, long labelsGiven, ActorRef<Restored> replyTo) implements Command {}

    public record Restored() {}

    public sealed interface Reply {}

    /**
     * @param choices per pair, 0 when the first segment was preferred, 1 when the second was
     * @param labelsGivenBefore per pair, the labels this labeler had given before it
     */
    public record Judged(int labelerIndex, String labelerId, String strategy, int[] choices, long[] labelsGivenBefore)
            implements Reply {}

    public record State(int labelerIndex, String labelerId, long[] rng, long labelsGiven) implements Reply {}

    public record Failed(int labelerIndex, String reason) implements Reply {}

    private final int labelerIndex;
    private final SegmentLabeler labeler;

    private LabelerActor(int labelerIndex, SegmentLabeler labeler) {
        this.labelerIndex = labelerIndex;
        this.labeler = labeler;
    }

    public static Behavior<Command> create(int labelerIndex, Supplier<SegmentLabeler> labeler) {
        return Behaviors.setup(context -> new LabelerActor(labelerIndex, labeler.get()).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Judge.class, this::onJudge)
                .onMessage(Snapshot.class, this::onSnapshot)
                .onMessage(Restore.class, this::onRestore)
                .build();
    }

    private Behavior<Command> onJudge(Judge judge) {
        try {
            int[] choices = new int[judge.pairs().size()];
            long[] before = new long[choices.length];
            for (int i = 0; i < choices.length; i++) {
                Segment[] pair = judge.pairs().get(i);
                before[i] = labeler.labelsGiven();
                choices[i] = labeler.choose(pair[0].trueReturn(), pair[1].trueReturn());
            }
            judge.replyTo().tell(new Judged(labelerIndex, labeler.id(), labeler.strategyName(), choices, before));
        } catch (RuntimeException e) {
            judge.replyTo().tell(new Failed(labelerIndex, e.toString()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSnapshot(Snapshot snapshot) {
        snapshot.replyTo().tell(new State(labelerIndex, labeler.id(), labeler.rngState(), labeler.labelsGiven()));
        return Behaviors.same();
    }

    private Behavior<Command> onRestore(Restore restore) {
        labeler.restore(restore.rng(), restore.labelsGiven());
        restore.replyTo().tell(new Restored());
        return Behaviors.same();
    }
}
