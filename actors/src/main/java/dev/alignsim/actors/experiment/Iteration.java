package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.FeedbackState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One PPO iteration as its answers come in: every runner's slice of the rollout, the critic's values (then GAE),
 * both learners' training; at its end, what it commits. The coordinator owns it and changes it only in its
 * handlers; the order in which the answers arrive changes nothing but timings.
 */
final class Iteration {
    private final int number;
    private final ExperimentSettings settings;
    private final double learningRate;
    private final long startNanos = System.nanoTime();
    private final Rollout[] slices;
    private final RolloutCollector.State[] runnerStates;
    private int slicesIn;
    private Rollout rollout;
    private long rolloutDone;
    private Advantages.Prepared prepared;
    private long valuesDone;
    private PolicyActor.Trained policy;
    private CriticActor.Trained critic;
    private boolean checkpointRequested;
    private FeedbackState feedbackState;

    Iteration(int number, ExperimentSettings settings) {
        this.number = number;
        this.settings = settings;
        this.learningRate = settings.ppo().learningRateAt(number, settings.iterations());
        this.slices = new Rollout[settings.numRunners()];
        this.runnerStates = new RolloutCollector.State[settings.numRunners()];
    }

    int number() {
        return number;
    }

    double learningRate() {
        return learningRate;
    }

    boolean last() {
        return number == settings.iterations();
    }

    /** Every {@code storage.checkpoint_every} iterations and at the last. */
    boolean checkpointDue() {
        return checkpointRequested || number % settings.storage().checkpointEvery() == 0 || last();
    }

    /** Makes this iteration a checkpoint iteration (the run is stopping after it). */
    void requestCheckpoint() {
        checkpointRequested = true;
    }

    /** Takes one runner's slice; true when every slice is in, and the rollout is then merged in runner order. */
    boolean addSlice(EnvRunner.Collected collected) {
        slices[collected.runnerIndex()] = collected.rollout();
        runnerStates[collected.runnerIndex()] = collected.state();
        if (++slicesIn < slices.length) {
            return false;
        }
        rolloutDone = System.nanoTime();
        rollout = Rollout.concat(Arrays.asList(slices));
        return true;
    }

    Rollout rollout() {
        return rollout;
    }

    /** PPO learns from the learned reward: the rollout's rewards become these (the world's stay in its episodes). */
    void replaceRewards(float[] learned) {
        Rollout r = rollout;
        rollout = new Rollout(r.steps(), r.envs(), r.obsDim(), r.actionDim(), r.policyVersion(), r.observations(), r.actions(),
                r.logProbs(), learned, r.terminated(), r.truncated(), r.finalObservations(), r.nextObservations(), r.episodes());
    }

    /** The checkpoint's feedback part (a run from feedback, on checkpoint iterations). */
    void feedbackState(FeedbackState state) {
        feedbackState = state;
    }

    boolean needsFeedbackState() {
        return checkpointDue() && feedbackState == null;
    }

    /** GAE over the merged rollout, with the critic's values of its {@link Advantages#valueInputs}. */
    Advantages.Prepared prepare(float[] values) {
        valuesDone = System.nanoTime();
        prepared = Advantages.prepare(rollout, values, settings.ppo().gamma(), settings.ppo().gaeLambda());
        return prepared;
    }

    /** Takes the policy's training; true when the critic's is in too. */
    boolean policyTrained(PolicyActor.Trained trained) {
        policy = trained;
        return critic != null;
    }

    /** Takes the critic's training; true when the policy's is in too. */
    boolean criticTrained(CriticActor.Trained trained) {
        critic = trained;
        return policy != null;
    }

    PolicyActor.Trained policy() {
        return policy;
    }

    /** What the iteration commits in one batch: its metrics line, its experience per runner, its checkpoint when due. */
    RunStore.IterationRecords records(EpisodeWindow episodes, RunClock clock, FeedbackPhase feedback) {
        long envSteps = (long) number * settings.batchSize();
        IterationRecords.Timings timings = new IterationRecords.Timings(startNanos, rolloutDone, valuesDone, System.nanoTime(),
                clock.stepsPerSecond(number), clock.wallSeconds());
        Map<String, Object> row = IterationRecords.metricsRow(number, envSteps, episodes, learningRate, policy.stats(),
                critic.stats(), prepared.explainedVariance(), timings);
        if (feedback != null) {
            row = IterationRecords.withFeedback(row, feedback.metrics());
        }
        String line = MetricsLog.format(row);
        Checkpoint checkpoint = null;
        if (checkpointDue()) {
            checkpoint = IterationRecords.checkpoint(number, policy.snapshot(), critic.snapshot(), runnerStates, episodes);
            if (feedbackState != null) {
                checkpoint = checkpoint.toBuilder().setFeedback(feedbackState).build();
            }
        }
        return new RunStore.IterationRecords(number, IterationRecords.experience(number, slices.length, settings.envsPerRunner(),
                rollout, prepared), MetricsLine.newBuilder().setIteration(number).setJson(line).build(), checkpoint, last(),
                feedback == null ? List.of() : feedback.comparisons(), List.of());
    }
}
