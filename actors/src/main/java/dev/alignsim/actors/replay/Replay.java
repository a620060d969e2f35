package dev.alignsim.actors.replay;

import dev.alignsim.storage.ExperienceRepository;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Owns the run's store: commits each iteration atomically and answers queries over what is stored. The store
 * is flushed and closed when the actor stops.
 */
public final class Replay {

    public sealed interface Command {}

    /** Commit one iteration (experience, metrics line, checkpoint when due) and say so. */
    public record Commit(RunStore.IterationRecords records, ActorRef<Reply> replyTo) implements Command {}

    public record ReadExperience(long fromIteration, long toIteration, ActorRef<Experience> replyTo) implements Command {}

    public record SampleTransitions(int count, long seed, long fromIteration, long toIteration, ActorRef<Sample> replyTo)
            implements Command {}

    /** {@code count} stored comparisons of iterations from..to, drawn uniformly with a seed (reward-model replay). */
    public record SampleComparisons(int count, long seed, long fromIteration, long toIteration,
            ActorRef<StatusReply<List<Comparison>>> replyTo) implements Command {}

    /**
     * Drop every record after iteration {@code afterIteration} (a recovery goes on from the checkpoint there) and
     * answer the metrics lines that remain, in order.
     */
    public record Rewind(long afterIteration, ActorRef<StatusReply<List<String>>> replyTo) implements Command {}

    public sealed interface Reply {}

    public record Committed(long iteration) implements Reply {}

    public record CommitFailed(long iteration, String reason) implements Reply {}

    public record Experience(List<ExperienceBatch> batches) {}

    public record Sample(List<ExperienceRepository.Transition> transitions) {}

    private final RunStore store;
    private final int keepIterations;

    private final boolean closeOnStop;

    private Replay(RunStore store, int keepIterations, boolean closeOnStop) {
        this.store = store;
        this.keepIterations = keepIterations;
        this.closeOnStop = closeOnStop;
    }

    /** @param keepIterations experience retention: 0 keeps every iteration, N the last N */
    public static Behavior<Command> create(RunStore store, int keepIterations) {
        return Behaviors.setup(context -> new Replay(store, keepIterations, true).behavior());
    }

    /** A Replay over a store its caller owns and closes (a ChatWorld pipeline's later stages still read it). */
    public static Behavior<Command> borrowing(RunStore store, int keepIterations) {
        return Behaviors.setup(context -> new Replay(store, keepIterations, false).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Commit.class, this::onCommit)
                .onMessage(ReadExperience.class, this::onRead)
                .onMessage(SampleTransitions.class, this::onSample)
                .onMessage(SampleComparisons.class, this::onSampleComparisons)
                .onMessage(Rewind.class, this::onRewind)
                .onSignal(PostStop.class, signal -> {
                    if (!closeOnStop) {
                        store.flush();
                        return Behaviors.same();
                    }
                    try {
                        store.flush();
                    } finally {
                        store.close();
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onCommit(Commit commit) {
        try {
            store.commit(commit.records(), keepIterations);
            commit.replyTo().tell(new Committed(commit.records().iteration()));
        } catch (RuntimeException e) {
            commit.replyTo().tell(new CommitFailed(commit.records().iteration(), e.getMessage()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onRead(ReadExperience read) {
        read.replyTo().tell(new Experience(store.experience().range(read.fromIteration(), read.toIteration())));
        return Behaviors.same();
    }

    private Behavior<Command> onSampleComparisons(SampleComparisons sample) {
        try {
            sample.replyTo().tell(StatusReply.success(store.comparisons().sampleUniform(sample.count(),
                    sample.seed(), sample.fromIteration(), sample.toIteration())));
        } catch (RuntimeException e) {
            sample.replyTo().tell(StatusReply.error(e));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onRewind(Rewind rewind) {
        try {
            store.truncateAfter(rewind.afterIteration());
            List<String> lines = new ArrayList<>();
            for (MetricsLine line : store.metricsThrough(rewind.afterIteration())) {
                lines.add(line.getJson());
            }
            rewind.replyTo().tell(StatusReply.success(lines));
        } catch (RuntimeException e) {
            rewind.replyTo().tell(StatusReply.error(e));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSample(SampleTransitions sample) {
        sample.replyTo().tell(new Sample(store.experience().sampleUniform(sample.count(), sample.seed(),
                sample.fromIteration(), sample.toIteration())));
        return Behaviors.same();
    }
}
