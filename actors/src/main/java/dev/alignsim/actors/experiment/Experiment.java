package dev.alignsim.actors.experiment;

import ai.djl.Device;
import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.env.Env;
import dev.alignsim.env.Episode;
import dev.alignsim.env.NormalizedVectorEnv;
import dev.alignsim.env.Rng;
import dev.alignsim.env.VectorEnv;
import dev.alignsim.env.VectorEnvironment;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.PolicyStats;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.policy.ppo.ValueLearner;
import dev.alignsim.policy.ppo.ValueStats;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.EpisodeRecord;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The coordinator of one PPO experiment. Per iteration: every env runner collects a rollout with the current
 * weights → the critic values the batch → GAE → policy and critic train in parallel → one metrics line. It owns
 * the schedule and the seeds; the math is the policy module's.
 */
public final class Experiment {

    public sealed interface Command {}

    private record InitialWeights(PolicyActor.Weights weights) implements Command {}

    private record RunnerReply(EnvRunner.Reply reply) implements Command {}

    private record PolicyReply(PolicyActor.Reply reply) implements Command {}

    private record CriticReply(CriticActor.Reply reply) implements Command {}

    private record FinalCriticWeights(CriticActor.Weights weights) implements Command {}

    private record ReplayReply(Replay.Reply reply) implements Command {}

    private record PolicyRestored(PolicyActor.Weights weights) implements Command {}

    private record CriticRestored(CriticActor.Restored restored) implements Command {}

    private record RunnerRestored(EnvRunner.Restored restored) implements Command {}

    private final ActorContext<Command> context;
    private final ExperimentSettings settings;
    private final RunDirectory run;
    private final MetricsLog metrics;
    private final ProgressListener listener;
    private final CompletableFuture<RunSummary> done;
    private final ActorRef<PolicyActor.Command> policy;
    private final ActorRef<CriticActor.Command> critic;
    private final List<ActorRef<EnvRunner.Command>> runners = new ArrayList<>();
    private final ActorRef<EnvRunner.Reply> runnerReplies;
    private final ActorRef<PolicyActor.Reply> policyReplies;
    private final ActorRef<CriticActor.Reply> criticReplies;
    private final ActorRef<Replay.Command> replay;
    private final ActorRef<Replay.Reply> replayReplies;
    private final Checkpoint resumeFrom;
    private final int maxAttempts;
    private final EpisodeWindow episodes = new EpisodeWindow(100);
    private final long startNanos = System.nanoTime();
    /** The iteration this process started after (0, or the checkpoint it resumed from), for steps per second. */
    private long startedAfter;

    private int iteration;
    private NetworkWeights weights;
    private Rollout[] slices;
    private RolloutCollector.State[] runnerStates;
    private String metricsLine;
    private int restoresPending;
    private int[] attempts;
    private int slicesIn;
    private Rollout rollout;
    private Advantages.Prepared prepared;
    private PolicyStats policyStats;
    private ValueStats valueStats;
    private LearnerSnapshot policySnapshot;
    private LearnerSnapshot criticSnapshot;
    private double learningRate;
    private long iterationStart;
    private long rolloutDone;
    private long valuesDone;

    private Experiment(ActorContext<Command> context, ExperimentSettings settings, Device device,
            Supplier<? extends Env> envFactory, RunDirectory run, RunStore store, Checkpoint resumeFrom,
            ProgressListener listener, CompletableFuture<RunSummary> done) {
        this.context = context;
        this.settings = settings;
        this.run = run;
        this.listener = listener;
        this.done = done;
        this.resumeFrom = resumeFrom;
        this.maxAttempts = settings.actors().rolloutMaxAttempts();
        Env probe = envFactory.get();
        NetworkSpec spec = new NetworkSpec(probe.observationSpace().flatDim(), settings.hidden(), probe.actionSpace());
        DispatcherSelector learnerThread = DispatcherSelector.fromConfig(ActorSettings.LEARNER_DISPATCHER);
        this.policy = context.spawn(PolicyActor.create(
                () -> new PolicyLearner(spec, settings.ppo(), device, settings.seed())), "policy", learnerThread);
        this.critic = context.spawn(CriticActor.create(
                () -> new ValueLearner(spec, settings.ppo(), device, settings.seed())), "critic", learnerThread);
        for (int i = 0; i < settings.numRunners(); i++) {
            long envSeed = Rng.derive(settings.seed(), 100L + i).nextLong();
            Supplier<VectorEnvironment> envs = () -> vectorEnv(envFactory, envSeed);
            ActorRef<EnvRunner.Command> runner = context.spawn(
                    EnvRunner.create(i, spec, envs, settings.seed(), settings.actors().runnerMaxRestarts()), "env-runner-" + i);
            context.watch(runner);
            runners.add(runner);
        }
        this.runnerReplies = context.messageAdapter(EnvRunner.Reply.class, RunnerReply::new);
        this.policyReplies = context.messageAdapter(PolicyActor.Reply.class, PolicyReply::new);
        this.criticReplies = context.messageAdapter(CriticActor.Reply.class, CriticReply::new);
        this.replay = context.spawn(Replay.create(store, settings.storage().keepIterations()), "replay");
        this.replayReplies = context.messageAdapter(Replay.Reply.class, ReplayReply::new);
        this.metrics = run.openMetrics();
        StorageSettings storage = settings.storage();
        context.getLog().info("store: checkpoint every {} iteration(s); experience kept: {}", storage.checkpointEvery(),
                storage.keepIterations() == 0 ? "every iteration" : "the last " + storage.keepIterations() + " iterations");
    }

    private VectorEnvironment vectorEnv(Supplier<? extends Env> envFactory, long envSeed) {
        VectorEnvironment envs = new VectorEnv(envFactory, settings.envsPerRunner(), envSeed);
        if (!settings.normalizeObservations() && !settings.normalizeRewards()) {
            return envs;
        }
        return new NormalizedVectorEnv(envs, new NormalizedVectorEnv.Options(settings.normalizeObservations(), 10.0,
                settings.normalizeRewards(), settings.ppo().gamma(), 10.0, NormalizedVectorEnv.Options.DEFAULT_EPSILON));
    }

    /**
     * The coordinator, as the guardian of its own actor system; {@code done} completes when the run ends. The store
     * passes to the Replay actor, which closes it when the run stops.
     *
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     */
    public static Behavior<Command> create(ExperimentSettings settings, Device device, Supplier<? extends Env> envFactory,
            RunDirectory run, RunStore store, Checkpoint resumeFrom, ProgressListener listener, CompletableFuture<RunSummary> done) {
        return Behaviors.setup(context -> {
            Experiment experiment;
            try {
                experiment = new Experiment(context, settings, device, envFactory, run, store, resumeFrom, listener, done);
            } catch (RuntimeException e) {
                store.close();
                done.completeExceptionally(e);
                return Behaviors.stopped();
            }
            return experiment.start();
        });
    }

    private Behavior<Command> start() {
        if (resumeFrom == null) {
            policy.tell(new PolicyActor.GetWeights(context.messageAdapter(PolicyActor.Weights.class, InitialWeights::new)));
        } else {
            restore(resumeFrom);
        }
        return Behaviors.receive(Command.class)
                .onMessage(InitialWeights.class, msg -> {
                    weights = msg.weights().weights();
                    return beginIteration(1);
                })
                .onMessage(PolicyRestored.class, msg -> {
                    weights = msg.weights().weights();
                    return onRestored();
                })
                .onMessage(CriticRestored.class, msg -> onRestored())
                .onMessage(RunnerRestored.class, msg -> onRestored())
                .onMessage(ReplayReply.class, msg -> onReplayReply(msg.reply()))
                .onMessage(RunnerReply.class, msg -> onRunnerReply(msg.reply()))
                .onMessage(CriticReply.class, msg -> onCriticReply(msg.reply()))
                .onMessage(PolicyReply.class, msg -> onPolicyReply(msg.reply()))
                .onMessage(FinalCriticWeights.class, this::onFinalCriticWeights)
                .onSignal(Terminated.class, signal -> fail("env runner " + signal.getRef().path().name()
                        + " stopped after too many restarts"))
                .onSignal(PostStop.class, signal -> {
                    metrics.close();
                    if (!done.isDone()) {
                        done.completeExceptionally(new ExperimentFailedException("the experiment was stopped"));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** Sends every actor its part of the checkpoint; the run goes on when all have answered. */
    private void restore(Checkpoint checkpoint) {
        if (checkpoint.getRunnersCount() != runners.size()) {
            throw new IllegalStateException("checkpoint holds " + checkpoint.getRunnersCount() + " env runners, the run has "
                    + runners.size());
        }
        restoresPending = 2 + runners.size();
        policy.tell(new PolicyActor.Restore(RecordCodec.learner(checkpoint.getPolicy()),
                context.messageAdapter(PolicyActor.Weights.class, PolicyRestored::new)));
        critic.tell(new CriticActor.Restore(RecordCodec.learner(checkpoint.getCritic()),
                context.messageAdapter(CriticActor.Restored.class, CriticRestored::new)));
        ActorRef<EnvRunner.Restored> runnerAcks = context.messageAdapter(EnvRunner.Restored.class, RunnerRestored::new);
        for (int i = 0; i < runners.size(); i++) {
            runners.get(i).tell(new EnvRunner.Restore(RecordCodec.runner(checkpoint.getRunners(i)), runnerAcks));
        }
        List<Episode> recent = new ArrayList<>();
        for (EpisodeRecord r : checkpoint.getRecentEpisodesList()) {
            recent.add(RecordCodec.episode(r));
        }
        episodes.restore(recent, checkpoint.getEpisodesTotal());
    }

    private Behavior<Command> onRestored() {
        if (--restoresPending > 0) {
            return Behaviors.same();
        }
        int last = (int) resumeFrom.getIteration();
        startedAfter = last;
        context.getLog().info("resumed after iteration {} of {}", last, settings.iterations());
        return beginIteration(last + 1);
    }

    private Behavior<Command> beginIteration(int next) {
        iteration = next;
        iterationStart = System.nanoTime();
        learningRate = settings.ppo().learningRateAt(iteration, settings.iterations());
        slices = new Rollout[runners.size()];
        runnerStates = new RolloutCollector.State[runners.size()];
        policySnapshot = null;
        criticSnapshot = null;
        attempts = new int[runners.size()];
        slicesIn = 0;
        policyStats = null;
        valueStats = null;
        for (int i = 0; i < runners.size(); i++) {
            requestRollout(i);
        }
        return Behaviors.same();
    }

    private void requestRollout(int runner) {
        attempts[runner]++;
        runners.get(runner).tell(new EnvRunner.Collect(iteration, settings.numSteps(), weights, runnerReplies));
    }

    private Behavior<Command> onRunnerReply(EnvRunner.Reply reply) {
        if (reply instanceof EnvRunner.CollectFailed failed) {
            context.getLog().warn("env runner {} failed in iteration {} ({}); it restarts and collects again",
                    failed.runnerIndex(), failed.iteration(), failed.reason());
            if (attempts[failed.runnerIndex()] >= maxAttempts) {
                return fail("env runner " + failed.runnerIndex() + " failed " + maxAttempts + " times in iteration "
                        + iteration + ": " + failed.reason());
            }
            requestRollout(failed.runnerIndex());
            return Behaviors.same();
        }
        EnvRunner.Collected collected = (EnvRunner.Collected) reply;
        if (collected.iteration() != iteration || slices[collected.runnerIndex()] != null) {
            return Behaviors.same();
        }
        slices[collected.runnerIndex()] = collected.rollout();
        runnerStates[collected.runnerIndex()] = collected.state();
        if (++slicesIn == slices.length) {
            rolloutDone = System.nanoTime();
            rollout = Rollout.concat(Arrays.asList(slices));
            episodes.add(rollout.episodes());
            float[] inputs = Advantages.valueInputs(rollout);
            critic.tell(new CriticActor.ComputeValues(iteration, inputs, inputs.length / rollout.obsDim(), criticReplies));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onCriticReply(CriticActor.Reply reply) {
        if (reply instanceof CriticActor.Failed failed) {
            return fail("critic failed in iteration " + failed.iteration() + ": " + failed.reason());
        }
        if (reply instanceof CriticActor.Values values) {
            valuesDone = System.nanoTime();
            prepared = Advantages.prepare(rollout, values.values(), settings.ppo().gamma(), settings.ppo().gaeLambda());
            boolean checkpoint = checkpointDue();
            policy.tell(new PolicyActor.Train(iteration, prepared.policyBatch(), learningRate, checkpoint, policyReplies));
            critic.tell(new CriticActor.Train(iteration, prepared.valueBatch(), learningRate, checkpoint, criticReplies));
            return Behaviors.same();
        }
        CriticActor.Trained trained = (CriticActor.Trained) reply;
        valueStats = trained.stats();
        criticSnapshot = trained.snapshot();
        return policyStats != null ? endIteration() : Behaviors.same();
    }

    private Behavior<Command> onPolicyReply(PolicyActor.Reply reply) {
        if (reply instanceof PolicyActor.TrainFailed failed) {
            return fail("policy training failed in iteration " + failed.iteration() + ": " + failed.reason());
        }
        PolicyActor.Trained trained = (PolicyActor.Trained) reply;
        policyStats = trained.stats();
        weights = trained.weights();
        policySnapshot = trained.snapshot();
        return valueStats != null ? endIteration() : Behaviors.same();
    }

    private boolean checkpointDue() {
        return iteration % settings.storage().checkpointEvery() == 0 || iteration == settings.iterations();
    }

    /** Commits the iteration to the store; the metrics line is written when the store has it. */
    private Behavior<Command> endIteration() {
        long envSteps = (long) iteration * settings.batchSize();
        IterationRecords.Timings timings = new IterationRecords.Timings(iterationStart, rolloutDone, valuesDone,
                System.nanoTime(), stepsPerSecond(), (System.nanoTime() - startNanos) / 1e9);
        metricsLine = MetricsLog.format(IterationRecords.metricsRow(iteration, envSteps, episodes, learningRate, policyStats,
                valueStats, prepared.explainedVariance(), timings));
        List<ExperienceBatch> experience = IterationRecords.experience(iteration, runners.size(), settings.envsPerRunner(),
                rollout, prepared);
        Checkpoint checkpoint = checkpointDue()
                ? IterationRecords.checkpoint(iteration, policySnapshot, criticSnapshot, runnerStates, episodes)
                : null;
        MetricsLine line = MetricsLine.newBuilder().setIteration(iteration).setJson(metricsLine).build();
        replay.tell(new Replay.Commit(new RunStore.IterationRecords(iteration, experience, line, checkpoint,
                iteration == settings.iterations()), replayReplies));
        return Behaviors.same();
    }

    /** Environment steps per second of this process (a resumed run counts from its resume). */
    private double stepsPerSecond() {
        return (iteration - startedAfter) * (double) settings.batchSize() / ((System.nanoTime() - startNanos) / 1e9);
    }

    private Behavior<Command> onReplayReply(Replay.Reply reply) {
        if (reply instanceof Replay.CommitFailed failed) {
            return fail("the store could not commit iteration " + failed.iteration() + ": " + failed.reason());
        }
        metrics.appendLine(metricsLine);
        long envSteps = (long) iteration * settings.batchSize();
        double stepsPerSecond = stepsPerSecond();
        listener.onIteration(new ProgressListener.Progress(iteration, settings.iterations(), envSteps,
                (long) settings.iterations() * settings.batchSize(), episodes.meanReturn(), stepsPerSecond));
        if (iteration % Math.max(1, settings.iterations() / 10) == 0) {
            context.getLog().info("iteration {}/{}: env_steps {}, episode_return_mean {}, approx_kl {}, steps/s {}",
                    iteration, settings.iterations(), envSteps, String.format("%.2f", episodes.meanReturn()),
                    String.format("%.5f", policyStats.approxKl()), String.format("%.0f", stepsPerSecond));
        }
        if (iteration < settings.iterations()) {
            return beginIteration(iteration + 1);
        }
        critic.tell(new CriticActor.GetWeights(context.messageAdapter(CriticActor.Weights.class, FinalCriticWeights::new)));
        return Behaviors.same();
    }

    private Behavior<Command> onFinalCriticWeights(FinalCriticWeights msg) {
        run.writeWeights("policy", RecordCodec.tensors(weights));
        run.writeWeights("critic", RecordCodec.tensors(msg.weights().weights()));
        double wall = (System.nanoTime() - startNanos) / 1e9;
        done.complete(new RunSummary(iteration, (long) iteration * settings.batchSize(), episodes.meanReturn(), wall,
                (iteration - startedAfter) * (long) settings.batchSize(), run.root()));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(String reason) {
        context.getLog().error("experiment failed: {}", reason);
        done.completeExceptionally(new ExperimentFailedException(reason));
        return Behaviors.stopped();
    }
}
