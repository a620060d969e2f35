package dev.alignsim.actors.experiment;

import dev.alignsim.actors.replay.Replay;
import dev.alignsim.storage.RunStore;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The coordinator's asks of Replay that change the store: an iteration's commit and a recovery's rewind. Their answers
 * come back tagged with the generation of roles they concern; a failure is {@link Experiment.StoreFailed}, which ends
 * the run, since the store is what a recovery goes back to.
 */
final class StoreAsks {
    private final ActorContext<Experiment.Command> context;
    private final ActorRef<Replay.Command> replay;
    private final Duration timeout;

    StoreAsks(ActorContext<Experiment.Command> context, ActorRef<Replay.Command> replay, Duration timeout) {
        this.context = context;
        this.replay = replay;
        this.timeout = timeout;
    }

    /** Commits one iteration in one write batch; answers {@link Experiment.Committed}. */
    void commit(int generation, RunStore.IterationRecords records) {
        context.pipeToSelf(AskPattern.<Replay.Command, Replay.Reply>ask(replay, replyTo -> new Replay.Commit(records, replyTo), timeout,
                context.getSystem().scheduler()), (reply, error) -> {
                    if (error != null) {
                        return new Experiment.StoreFailed(generation, "the store did not commit iteration " + records.iteration() + ": " + error);
                    }
                    if (reply instanceof Replay.CommitFailed failed) {
                        return new Experiment.StoreFailed(generation, "the store could not commit iteration " + failed.iteration() + ": "
                                + failed.reason());
                    }
                    return new Experiment.Committed(generation, records);
                });
    }

    /** Drops every record after iteration {@code after}; answers {@link Experiment.Rewound} with the metrics lines left. */
    void rewind(int generation, int after) {
        context.pipeToSelf(AskPattern.<Replay.Command, List<String>>askWithStatus(replay, replyTo -> new Replay.Rewind(after, replyTo),
                timeout, context.getSystem().scheduler()), (lines, error) -> error == null ? new Experiment.Rewound(generation, lines)
                        : new Experiment.StoreFailed(generation, "the store could not be rewound to iteration " + after + ": " + error));
    }
}
