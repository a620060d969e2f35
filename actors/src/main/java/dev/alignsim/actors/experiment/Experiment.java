package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.Comparison;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The coordinator of one control-world PPO run. Per iteration: every env runner collects a rollout with the current
 * weights → the critic values the batch → GAE → policy and critic train in parallel → Replay commits the iteration
 * → one metrics line. It owns the schedule, the episode window and the last checkpoint; the math is the policy
 * module's, the iteration's bookkeeping {@link Iteration}'s. Its state changes only in its message handlers.
 *
 * <p>Recovery never changes results: when a role fails, crashes or does not answer within {@code actors.ask_timeout},
 * the coordinator stops every role, rewinds the store and metrics.jsonl to the last checkpoint, spawns the roles
 * again restored to it (before the first checkpoint: as at the run's start) and goes on from the iteration after it,
 * as a resume in a new process does; so the run writes the metrics of a run without the failure. Every role is
 * restored, not only the failed one: a role restarted alone would hold older state than the others.
 */
public final class Experiment {

    /** Every message concerns one incarnation of the roles; those about an earlier one are dropped. */
    public sealed interface Command {
        int generation();
    }

    /** The policy's weights, at the run's start or restored to a checkpoint. */
    record PolicyReady(int generation, PolicyActor.Weights weights) implements Command {}
    record RoleRestored(int generation) implements Command {}
    private record RunnerReply(int generation, EnvRunner.Reply reply) implements Command {}
    private record CriticReply(int generation, CriticActor.Reply reply) implements Command {}
    private record PolicyReply(int generation, PolicyActor.Reply reply) implements Command {}
    /** A role answered with a failure, crashed, or did not answer in time. */
    record RoleFailed(int generation, String role, String failure) implements Command {}
    record Committed(int generation, RunStore.IterationRecords records) implements Command {}
    record Rewound(int generation, List<String> metricsLines) implements Command {}
    private record FinalCriticWeights(int generation, CriticActor.Weights weights) implements Command {}
    /** A run from feedback: the reward model's and the labelers' answers, and stored comparisons to replay. */
    record RewardModelReply(int generation, RewardModelActor.Reply reply) implements Command {}
    record LabelerReply(int generation, LabelerActor.Reply reply) implements Command {}
    record ReplayedComparisons(int generation, List<Comparison> comparisons) implements Command {}
    /** The store could not commit or rewind: the run fails, since the store is what a recovery goes back to. */
    record StoreFailed(int generation, String reason) implements Command {}

    private final ActorContext<Command> context;
    private final ExperimentSettings settings;
    private final RunDirectory run;
    private final CompletableFuture<RunSummary> done;
    private final RoleFactory factory;
    private final ActorRef<Replay.Command> replay;
    private final RoleAsks asks;
    private final EpisodeWindow episodes = new EpisodeWindow(100);
    private final RunClock clock;
    private final ProgressReport progress;
    private final RecoveryPoint recovery;
    private final StopRequest stop;
    /** A run from feedback's part of each iteration; null for PPO on the world's reward. */
    private final FeedbackPhase feedback;
    private final StoreAsks storeAsks;
    private MetricsLog metrics;
    private Roles roles;
    private int generation;
    private int answersPending;
    private NetworkWeights weights;
    /** The iteration under way; null while the roles are being brought to the last checkpoint. */
    private Iteration iteration;

    private Experiment(ActorContext<Command> context, ExperimentRunner.Run spec, RunStore store, Checkpoint resumeFrom,
            CompletableFuture<RunSummary> done) {
        this.context = context;
        this.settings = spec.settings();
        this.run = spec.directory();
        this.done = done;
        this.stop = spec.stop();
        this.asks = new RoleAsks(context, settings.actors().askTimeout());
        this.recovery = new RecoveryPoint(resumeFrom, settings.numRunners(), settings.actors().maxRecoveries());
        this.clock = new RunClock(settings.batchSize(), recovery.after());
        this.progress = new ProgressReport(settings, spec.listener(), clock, context.getLog());
        this.factory = new RoleFactory(settings, spec.device(), spec.envFactory(), spec.roleWrapper());
        this.replay = context.spawn(Replay.create(store, settings.storage().keepIterations()), "replay");
        this.storeAsks = new StoreAsks(context, replay, settings.actors().askTimeout());
        this.metrics = run.openMetrics();
        this.feedback = settings.feedback().enabled() ? new FeedbackPhase(context, asks, replay, settings) : null;
        progress.started();
    }

    /**
     * The coordinator, as the guardian of its own actor system; {@code done} completes when the run ends. The store
     * passes to the Replay actor, which closes it when the run stops.
     *
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     */
    public static Behavior<Command> create(ExperimentRunner.Run spec, RunStore store, Checkpoint resumeFrom,
            CompletableFuture<RunSummary> done) {
        return Behaviors.setup(context -> {
            Experiment experiment;
            try {
                experiment = new Experiment(context, spec, store, resumeFrom, done);
            } catch (RuntimeException e) {
                store.close();
                done.completeExceptionally(e);
                return Behaviors.stopped();
            }
            experiment.incarnate();
            return experiment.behavior();
        });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Command.class, m -> m.generation() != generation, m -> Behaviors.same())
                .onMessage(PolicyReady.class, this::onPolicyReady)
                .onMessage(RoleRestored.class, m -> onRoleReady())
                .onMessage(RunnerReply.class, this::onRunnerReply)
                .onMessage(CriticReply.class, this::onCriticReply)
                .onMessage(PolicyReply.class, this::onPolicyReply)
                .onMessage(Committed.class, this::onCommitted)
                .onMessage(RoleFailed.class, m -> recover(m.role() + " " + m.failure()))
                .onMessage(Rewound.class, this::onRewound)
                .onMessage(FinalCriticWeights.class, this::onFinalCriticWeights)
                .onMessage(RewardModelReply.class, this::onFeedbackAnswer)
                .onMessage(LabelerReply.class, this::onFeedbackAnswer)
                .onMessage(ReplayedComparisons.class, this::onFeedbackAnswer)
                .onMessage(StoreFailed.class, m -> fail(m.reason()))
                .onSignal(PostStop.class, signal -> {
                    metrics.close();
                    if (!done.isDone()) {
                        done.completeExceptionally(new ExperimentFailedException("the experiment was stopped"));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** Spawns the roles of the current generation and brings them to the last checkpoint, or to the run's start. */
    private void incarnate() {
        iteration = null;
        roles = factory.spawn(context, generation);
        int g = generation;
        roles.byName().forEach((role, ref) -> context.watchWith(ref, new RoleFailed(g, role, "crashed (its exception is in the log)")));
        Checkpoint checkpoint = recovery.checkpoint();
        if (feedback != null) {
            feedback.restore(checkpoint);
        }
        if (checkpoint == null) {
            episodes.restore(List.of(), 0);
            answersPending = 1;
            ask(Roles.POLICY, roles.policy(), PolicyActor.GetWeights::new, PolicyReady::new);
        } else {
            episodes.restore(IterationRecords.recentEpisodes(checkpoint), checkpoint.getEpisodesTotal());
            answersPending = asks.restore(generation, roles, checkpoint);
        }
    }

    /** Asks a role of the current generation (see {@link RoleAsks}). */
    private <Q, R> void ask(String role, ActorRef<Q> target, Function<ActorRef<R>, Q> request, BiFunction<Integer, R, Command> answer) {
        asks.ask(generation, role, target, request, answer);
    }

    private Behavior<Command> onPolicyReady(PolicyReady m) {
        weights = m.weights().weights();
        return onRoleReady();
    }

    private Behavior<Command> onRoleReady() {
        if (--answersPending > 0) {
            return Behaviors.same();
        }
        return recovery.after() < settings.iterations() ? beginIteration(recovery.after() + 1) : finish();
    }

    private Behavior<Command> beginIteration(int number) {
        iteration = new Iteration(number, settings);
        NetworkWeights current = weights;
        for (int i = 0; i < roles.runners().size(); i++) {
            ask(Roles.runner(i), roles.runners().get(i), replyTo -> new EnvRunner.Collect(number, settings.numSteps(), current, replyTo),
                    RunnerReply::new);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onRunnerReply(RunnerReply m) {
        if (m.reply() instanceof EnvRunner.CollectFailed failed) {
            return recover(Roles.runner(failed.runnerIndex()) + " failed: " + failed.reason());
        }
        if (!iteration.addSlice((EnvRunner.Collected) m.reply())) {
            return Behaviors.same();
        }
        episodes.add(iteration.rollout().episodes());
        if (feedback != null) {
            feedback.begin(generation, roles, iteration.number(), iteration.rollout());
            return Behaviors.same();
        }
        return valueRollout();
    }

    /** The reward model's, a labeler's or Replay's answer in a run from feedback: what comes next is the phase's call. */
    private Behavior<Command> onFeedbackAnswer(Command m) {
        FeedbackPhase.Outcome next = feedback.on(m);
        if (next.failure() != null) {
            return recover(next.failure());
        }
        if (next.rewards() != null) {
            iteration.replaceRewards(next.rewards());
            return valueRollout();
        }
        if (next.checkpointState() != null) {
            iteration.feedbackState(next.checkpointState());
            return commit();
        }
        return Behaviors.same();
    }

    /** The critic values the rollout (with the learned rewards in a run from feedback), then GAE. */
    private Behavior<Command> valueRollout() {
        float[] inputs = Advantages.valueInputs(iteration.rollout());
        int rows = inputs.length / iteration.rollout().obsDim();
        int number = iteration.number();
        ask(Roles.CRITIC, roles.critic(), replyTo -> new CriticActor.ComputeValues(number, inputs, rows, replyTo), CriticReply::new);
        return Behaviors.same();
    }

    private Behavior<Command> onCriticReply(CriticReply m) {
        if (m.reply() instanceof CriticActor.Failed failed) {
            return recover(Roles.CRITIC + " failed: " + failed.reason());
        }
        if (m.reply() instanceof CriticActor.Values values) {
            return train(iteration.prepare(values.values()));
        }
        return iteration.criticTrained((CriticActor.Trained) m.reply()) ? commit() : Behaviors.same();
    }

    /** Policy and critic train in parallel, each on a thread of its own; on checkpoint iterations they send their state. */
    private Behavior<Command> train(Advantages.Prepared prepared) {
        int number = iteration.number();
        double learningRate = iteration.learningRate();
        if (stop.isRequested()) {
            iteration.requestCheckpoint();
        }
        boolean snapshot = iteration.checkpointDue();
        ask(Roles.POLICY, roles.policy(), replyTo -> new PolicyActor.Train(number, prepared.policyBatch(), learningRate, snapshot, replyTo),
                PolicyReply::new);
        ask(Roles.CRITIC, roles.critic(), replyTo -> new CriticActor.Train(number, prepared.valueBatch(), learningRate, snapshot, replyTo),
                CriticReply::new);
        return Behaviors.same();
    }

    private Behavior<Command> onPolicyReply(PolicyReply m) {
        if (m.reply() instanceof PolicyActor.TrainFailed failed) {
            return recover(Roles.POLICY + " failed: " + failed.reason());
        }
        PolicyActor.Trained trained = (PolicyActor.Trained) m.reply();
        weights = trained.weights();
        return iteration.policyTrained(trained) ? commit() : Behaviors.same();
    }

    /** Commits the iteration to the store; its metrics line is written when the store has it. */
    private Behavior<Command> commit() {
        if (feedback != null && iteration.needsFeedbackState()) {
            feedback.askState();
            return Behaviors.same();
        }
        storeAsks.commit(generation, iteration.records(episodes, clock, feedback));
        return Behaviors.same();
    }

    private Behavior<Command> onCommitted(Committed m) {
        if (m.records().checkpoint() != null) {
            recovery.committed(m.records().checkpoint());
        }
        metrics.appendLine(m.records().metrics().getJson());
        progress.committed(iteration.number(), episodes, iteration.policy());
        if (iteration.last()) {
            return finish();
        }
        if (stop.isRequested() && m.records().checkpoint() != null) {
            done.completeExceptionally(new RunStoppedException(run.root(), "iteration " + iteration.number() + " of " + settings.iterations()));
            return Behaviors.stopped();
        }
        return beginIteration(iteration.number() + 1);
    }

    /**
     * Stops every role, then has the store rewound to the last checkpoint; the next generation of roles is spawned
     * when it has been. Recoveries are counted over the run.
     */
    private Behavior<Command> recover(String failure) {
        String where = (iteration == null ? "before iteration " + (recovery.after() + 1) : "iteration " + iteration.number()) + ": " + failure;
        if (!recovery.spend()) {
            return fail(where + "; " + recovery.exhausted());
        }
        generation++;
        roles.byName().values().forEach(context::stop);
        context.getLog().warn("{}; {}", where, recovery.describe());
        storeAsks.rewind(generation, recovery.after());
        return Behaviors.same();
    }

    private Behavior<Command> onRewound(Rewound m) {
        metrics.close();
        run.rewriteMetrics(m.metricsLines());
        metrics = run.openMetrics();
        incarnate();
        return Behaviors.same();
    }

    /** After the last iteration: the critic's weights, then both networks' weights files and the summary. */
    private Behavior<Command> finish() {
        ask(Roles.CRITIC, roles.critic(), CriticActor.GetWeights::new, FinalCriticWeights::new);
        return Behaviors.same();
    }

    private Behavior<Command> onFinalCriticWeights(FinalCriticWeights m) {
        run.writeWeights("policy", RecordCodec.tensors(weights));
        run.writeWeights("critic", RecordCodec.tensors(m.weights().weights()));
        int last = settings.iterations();
        done.complete(new RunSummary(last, (long) last * settings.batchSize(), episodes.meanReturn(), clock.wallSeconds(),
                clock.stepsThisProcess(last), run.root()));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(String reason) {
        context.getLog().error("experiment failed: {}", reason);
        done.completeExceptionally(new ExperimentFailedException(reason));
        return Behaviors.stopped();
    }
}
