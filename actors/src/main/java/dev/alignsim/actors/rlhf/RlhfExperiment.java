package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.lifecycle.RunFailedException;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.policy.rlhf.KlController;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.storage.ChatResponseCodec;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of ChatWorld's RLHF stage. It owns the iteration counter, the KL controller and the last
 * checkpoint, and its role actors (spawned by {@link RoleFactory}); each iteration it runs {@link PpoIteration}'s
 * asks, writes the metrics line ({@link IterationMetrics}), updates β, gathers a checkpoint when one is due and
 * commits everything through Replay in one batch. Its state changes only in its message handlers.
 *
 * <p>Recovery never changes results: when any role fails or does not answer in time, the coordinator stops every
 * role, rewinds the store to the last checkpoint, spawns the roles again restored to it, and goes on from there —
 * exactly what a resume in a new process does — so a run with failures writes the metrics of a run without.
 */
public final class RlhfExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(RlhfExperiment.class);

    public sealed interface Command {}

    private record Next() implements Command {}

    private record Trained(int generation, PpoIteration.Trained trained) implements Command {}

    private record Ready(int generation, Pending pending, Checkpoint checkpoint) implements Command {}

    private record Committed(int generation, Pending pending, Checkpoint checkpoint, double seconds) implements Command {}

    private record Failed(int generation, Throwable cause, boolean recoverable) implements Command {}

    private record Rewound(int generation, long after, List<String> metricsLines) implements Command {}

    /** An iteration's records before its checkpoint and commit. */
    private record Pending(int index, Map<String, Object> metrics, PpoIteration.Trained trained) {}

    private final ActorContext<Command> context;
    private final ChatWorld world;
    private final RlhfSettings settings;
    private final RoleFactory factory;
    private final ActorRef<Replay.Command> replay;
    private final RunDirectory directory;
    private final PpoIteration iteration;
    private final long base;
    private final CompletableFuture<Void> done;
    private final StopRequest stop;
    private Optional<Checkpoint> lastCheckpoint;
    private RoleSet roles;
    private KlController kl;
    private int index;
    private int generation;
    private int recoveries;
    /** How long the previous iteration's commit took; a line is written before its own commit, so it reports the one before. */
    private double previousCommitSeconds = Double.NaN;

    private RlhfExperiment(ActorContext<Command> context, ChatWorld world, RlhfSettings settings, RoleFactory factory,
            ActorRef<Replay.Command> replay, RunDirectory directory, long base, Optional<Checkpoint> checkpoint, StopRequest stop,
            CompletableFuture<Void> done) {
        this.context = context;
        this.stop = stop;
        this.world = world;
        this.settings = settings;
        this.factory = factory;
        this.replay = replay;
        this.directory = directory;
        this.base = base;
        this.done = done;
        Asks asks = new Asks(context.getSystem().scheduler(), settings.askTimeout());
        this.iteration = new PpoIteration(world, settings, asks, new LabelingRound(world, settings, asks, replay));
        restart(checkpoint);
    }

    /**
     * @param base the store iteration of PPO iteration 0 (iterations before it belong to earlier stages)
     * @param checkpoint the checkpoint to continue after (empty: start at PPO iteration 0)
     * @param stop read after each commit: when set, the next commit carries a checkpoint and the stage stops after it
     * @param done completes when the last iteration is committed, or with the failure (or the stop) that ended the stage
     */
    public static Behavior<Command> create(ChatWorld world, RlhfSettings settings, RoleFactory factory, ActorRef<Replay.Command> replay,
            RunDirectory directory, long base, Optional<Checkpoint> checkpoint, StopRequest stop, CompletableFuture<Void> done) {
        return Behaviors.setup(context -> {
            RlhfExperiment experiment = new RlhfExperiment(context, world, settings, factory, replay, directory, base, checkpoint, stop, done);
            context.getSelf().tell(new Next());
            return experiment.behavior();
        });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Next.class, m -> onNext())
                .onMessage(Trained.class, this::onTrained)
                .onMessage(Ready.class, this::onReady)
                .onMessage(Committed.class, this::onCommitted)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(Rewound.class, this::onRewound)
                .build();
    }

    /** Every role, the counter and β as they were right after {@code checkpoint} (empty: at the stage's start). */
    private void restart(Optional<Checkpoint> checkpoint) {
        lastCheckpoint = checkpoint;
        index = checkpoint.map(c -> (int) (c.getIteration() - base + 1)).orElse(0);
        double beta = checkpoint.map(RlhfCheckpoints::beta).orElse(settings.klCoef());
        kl = settings.adaptiveKl() ? KlController.adaptive(beta, settings.klTarget(), settings.klHorizon()) : KlController.fixed(beta);
        previousCommitSeconds = Double.NaN;
        roles = factory.spawn(context, checkpoint, generation);
    }

    private Behavior<Command> onNext() {
        if (index >= settings.iterations()) {
            done.complete(null);
            return Behaviors.stopped();
        }
        int g = generation;
        context.pipeToSelf(iteration.run(roles, index, base + index, kl.beta()),
                (trained, error) -> error != null ? new Failed(g, error, true) : new Trained(g, trained));
        return Behaviors.same();
    }

    private Behavior<Command> onTrained(Trained m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        PpoIteration.Trained t = m.trained();
        long key = base + index;
        Map<String, Object> metrics = IterationMetrics.of(world, settings, key, index, kl.beta(), previousCommitSeconds, t);
        if (settings.sampleEvery() > 0 && (index + 1) % settings.sampleEvery() == 0) {
            IterationMetrics.samples(world, index, t, LOG::info);
        }
        kl.update(IterationMetrics.meanKl(t), t.batch().size());
        Pending pending = new Pending(index, metrics, t);
        boolean checkpointDue = isLast() || (index + 1) % settings.checkpointEvery() == 0 || stop.isRequested();
        if (!checkpointDue) {
            return onReady(new Ready(generation, pending, null));
        }
        double nextBeta = kl.beta();
        int g = generation;
        context.pipeToSelf(iteration.snapshots(roles, key).thenApply(s -> RlhfCheckpoints.of(key, nextBeta, s)),
                (checkpoint, error) -> error != null ? new Failed(g, error, true) : new Ready(g, pending, checkpoint));
        return Behaviors.same();
    }

    private Behavior<Command> onReady(Ready m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        Pending p = m.pending();
        long key = base + p.index();
        p.metrics().put("wall_s", (System.nanoTime() - p.trained().startNanos()) / 1e9);
        MetricsLine line = MetricsLine.newBuilder().setIteration(key).setJson(MetricsLog.format(p.metrics())).build();
        ResponseBatch batch = p.trained().batch();
        ChatResponses responses = ChatResponseCodec.encode(key, world.modelSpec().responseLength(), batch.prompts(), batch.responses(),
                batch.oldLogProbs(), batch.oldValues(), p.trained().rewards(), batch.advantages(), batch.returns());
        RunStore.IterationRecords records = new RunStore.IterationRecords(key, List.of(), line, m.checkpoint(), isLast(),
                p.trained().labels().comparisons(), List.of(responses));
        long commitStart = System.nanoTime();
        int g = generation;
        context.pipeToSelf(AskPattern.<Replay.Command, Replay.Reply>ask(replay, replyTo -> new Replay.Commit(records, replyTo),
                settings.askTimeout().multipliedBy(4), context.getSystem().scheduler()), (reply, error) -> {
                    if (error != null) {
                        return new Failed(g, error, false);
                    }
                    if (reply instanceof Replay.CommitFailed failed) {
                        return new Failed(g, new IllegalStateException("commit of iteration " + failed.iteration() + " failed: " + failed.reason()),
                                false);
                    }
                    return new Committed(g, p, m.checkpoint(), (System.nanoTime() - commitStart) / 1e9);
                });
        return Behaviors.same();
    }

    private Behavior<Command> onCommitted(Committed m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        if (m.checkpoint() != null) {
            lastCheckpoint = Optional.of(m.checkpoint());
        }
        previousCommitSeconds = m.seconds();
        Map<String, Object> x = m.pending().metrics();
        try (MetricsLog log = directory.openMetrics()) {
            log.appendLine(MetricsLog.format(x));
        }
        LOG.info(String.format(Locale.ROOT, "ppo %d/%d: gold %.3f, proxy %.3f, kl %.3f (beta %.4f), length %.2f, %.0f tokens/s",
                index + 1, settings.iterations(), x.get("objective/gold"), x.get("objective/proxy"), x.get("objective/kl"),
                x.get("objective/kl_coef"), x.get("response/length"), x.get("perf/tokens_per_s")));
        index++;
        if (index < settings.iterations() && stop.isRequested() && m.checkpoint() != null) {
            done.completeExceptionally(new RunStoppedException(directory.root(), "PPO iteration " + index + " of " + settings.iterations()));
            return Behaviors.stopped();
        }
        context.getSelf().tell(new Next());
        return Behaviors.same();
    }

    private Behavior<Command> onFailed(Failed m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        Throwable cause = m.cause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : m.cause();
        if (!m.recoverable() || recoveries >= settings.maxRecoveries()) {
            done.completeExceptionally(new RunFailedException("RLHF iteration " + (index + 1) + " failed: " + cause.getMessage(), cause));
            return Behaviors.stopped();
        }
        recoveries++;
        generation++;
        roles.all().forEach(context::stop);
        long after = lastCheckpoint.map(Checkpoint::getIteration).orElse(base - 1);
        LOG.warn("RLHF iteration {}: {}; restoring every role from {} and going on (recovery {} of at most {})", index + 1,
                cause.getMessage(), lastCheckpoint.isPresent() ? "the checkpoint of iteration " + (after - base + 1) : "the stage's start",
                recoveries, settings.maxRecoveries());
        int g = generation;
        context.pipeToSelf(AskPattern.<Replay.Command, StatusReply<List<String>>>ask(replay, replyTo -> new Replay.Rewind(after, replyTo),
                settings.askTimeout(), context.getSystem().scheduler()), (reply, error) -> {
                    if (error != null || reply.isError()) {
                        return new Failed(g, error != null ? error : reply.getError(), false);
                    }
                    return new Rewound(g, after, reply.getValue());
                });
        return Behaviors.same();
    }

    private Behavior<Command> onRewound(Rewound m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        directory.rewriteMetrics(m.metricsLines());
        restart(lastCheckpoint);
        context.getSelf().tell(new Next());
        return Behaviors.same();
    }

    private boolean isLast() {
        return index == settings.iterations() - 1;
    }
}
