package dev.alignsim.actors.experiment;

import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.preference.LabelSchedule;
import dev.alignsim.policy.preference.Segment;
import dev.alignsim.policy.preference.SegmentComparison;
import dev.alignsim.policy.preference.SegmentRewardEnsemble;
import dev.alignsim.policy.preference.SegmentRewardModel;
import dev.alignsim.policy.preference.SegmentSampler;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.FeedbackState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The coordinator's part of a run from preferences, between the rollout and GAE. When the label schedule asks for
 * labels this iteration: pairs of segments are cut from the rollout (at random, or the most disputed by the reward
 * model's members), dealt to the labelers, who choose in parallel; stored comparisons are replayed beside the new ones
 * and the reward model trains on both. Then the reward model rewards the rollout's steps, and PPO learns from those
 * rewards only. The coordinator forwards the answers here; it asks for the next step or hands back the rewards.
 */
final class FeedbackPhase {
    private static final long PAIR_STREAM = 6002;
    private static final long ASSIGNMENT_STREAM = 6003;
    private static final long REPLAY_STREAM = 6004;

    private final ActorContext<Experiment.Command> context;
    private final RoleAsks asks;
    private final ActorRef<Replay.Command> replay;
    private final FeedbackSettings settings;
    private final LabelSchedule schedule;
    private final int batchSize;
    private final long seed;
    private final double[] cumulativeShares;
    private final LearnedReturns learned;
    private long labelsTotal;

    // The iteration under way.
    private int generation;
    private Roles roles;
    private int iteration;
    private Rollout rollout;
    private int labelsDue;
    /** This iteration's pairs at the labelers; null before pairs are chosen or when no labels are due. */
    private SegmentJudging judging;
    private final List<Comparison> comparisons = new ArrayList<>();
    private double agreement;
    private SegmentRewardModel.Stats trained;
    private RewardModelActor.State rewardModelState;
    private final List<LabelerActor.State> labelerStates = new ArrayList<>();
    private int statesPending;

    /**
     * What the coordinator does after an answer: nothing yet, give PPO these rewards, commit with this checkpoint part, or
     * restore every role after this failure.
     */
    record Outcome(float[] rewards, FeedbackState checkpointState, String failure) {
        static final Outcome WAIT = new Outcome(null, null, null);
    }

    FeedbackPhase(ActorContext<Experiment.Command> context, RoleAsks asks, ActorRef<Replay.Command> replay, ExperimentSettings experiment) {
        this.context = context;
        this.asks = asks;
        this.replay = replay;
        this.settings = experiment.feedback();
        this.schedule = new LabelSchedule(settings.labels(), settings.initialLabels(), (long) experiment.iterations() * experiment.batchSize(),
                settings.labelDecaySteps());
        this.batchSize = experiment.batchSize();
        this.seed = experiment.seed();
        this.learned = new LearnedReturns(experiment.numEnvs());
        double total = settings.labelers().stream().mapToDouble(l -> l.share()).sum();
        this.cumulativeShares = new double[settings.labelers().size()];
        double sum = 0;
        for (int i = 0; i < cumulativeShares.length; i++) {
            sum += settings.labelers().get(i).share();
            cumulativeShares[i] = sum / total;
        }
    }

    /** Back to a checkpoint's labels and learned returns, or to the run's start. */
    void restore(Checkpoint checkpoint) {
        if (checkpoint == null || !checkpoint.hasFeedback()) {
            labelsTotal = 0;
            learned.restore(List.of(), 0, new double[0]);
        } else {
            labelsTotal = checkpoint.getFeedback().getLabelsTotal();
            FeedbackRecords.restoreLearned(checkpoint.getFeedback(), learned);
        }
    }

    /** Starts iteration {@code number}'s feedback on its rollout of the world's rewards. */
    void begin(int gen, Roles incarnation, int number, Rollout worldRollout) {
        generation = gen;
        roles = incarnation;
        iteration = number;
        rollout = worldRollout;
        labelsDue = schedule.labelsIn(number, batchSize);
        comparisons.clear();
        judging = null;
        labelerStates.clear();
        trained = null;
        rewardModelState = null;
        agreement = Double.NaN;
        boolean disputed = settings.pairSelection() == FeedbackSettings.PairSelection.DISAGREEMENT && labelsTotal > 0;
        if (labelsDue > 0 && !disputed) {
            judge(new SegmentSampler(rollout, settings.segmentLength(), number).randomPairs(labelsDue, pairRng()));
        } else {
            askRewards();
        }
    }

    private Rng pairRng() {
        return Rng.derive(Rng.derive(seed, PAIR_STREAM).nextLong(), iteration);
    }

    private void askRewards() {
        asks.ask(generation, Roles.REWARD_MODEL, roles.rewardModel(), replyTo -> new RewardModelActor.Reward(iteration,
                rollout.observations(), rollout.actions(), rollout.rows(), replyTo), Experiment.RewardModelReply::new);
    }

    /** An answer of the reward model, a labeler or Replay (stored comparisons to replay). */
    Outcome on(Experiment.Command answer) {
        if (answer instanceof Experiment.RewardModelReply r) {
            if (r.reply() instanceof RewardModelActor.Failed failed) {
                return new Outcome(null, null, Roles.REWARD_MODEL + " failed: " + failed.reason());
            }
            if (r.reply() instanceof RewardModelActor.State state) {
                return onState(state);
            }
            float[] rewards = onRewardModel(r.reply());
            return rewards == null ? Outcome.WAIT : new Outcome(rewards, null, null);
        }
        if (answer instanceof Experiment.LabelerReply l) {
            if (l.reply() instanceof LabelerActor.Failed failed) {
                return new Outcome(null, null, Roles.labeler(failed.labelerIndex()) + " failed: " + failed.reason());
            }
            if (l.reply() instanceof LabelerActor.State state) {
                return onState(state);
            }
            onJudged((LabelerActor.Judged) l.reply());
            return Outcome.WAIT;
        }
        train(((Experiment.ReplayedComparisons) answer).comparisons());
        return Outcome.WAIT;
    }

    /** The reward model's rewards or training; null until the rollout's learned rewards are known. */
    private float[] onRewardModel(RewardModelActor.Reply reply) {
        if (reply instanceof RewardModelActor.Rewards rewards) {
            if (labelsDue > 0 && judging == null) {
                judge(new SegmentSampler(rollout, settings.segmentLength(), iteration).byDisagreement(labelsDue,
                        settings.disagreementOversample(), rewards.memberRewards(), pairRng()));
                return null;
            }
            return learnedRewards(rewards.memberRewards());
        }
        RewardModelActor.Trained done = (RewardModelActor.Trained) reply;
        trained = done.stats();
        return learnedRewards(done.memberRewards());
    }

    private float[] learnedRewards(double[][] memberRewards) {
        float[] rewards = SegmentRewardEnsemble.mean(memberRewards);
        learned.add(rollout, rewards);
        return rewards;
    }

    /** Deals the pairs to labelers (comparison n to a labeler fixed by n) and asks each for its share. */
    private void judge(List<SegmentSampler.Candidate> chosen) {
        int[] labelerOfPair = new int[chosen.size()];
        for (int j = 0; j < chosen.size(); j++) {
            labelerOfPair[j] = labelerFor(labelsTotal + j);
        }
        judging = new SegmentJudging(iteration, chosen, labelerOfPair, roles.labelers().size());
        for (int l = 0; l < roles.labelers().size(); l++) {
            List<Segment[]> share = judging.share(l);
            if (!share.isEmpty()) {
                asks.ask(generation, Roles.labeler(l), roles.labelers().get(l), replyTo -> new LabelerActor.Judge(iteration, share, replyTo),
                        Experiment.LabelerReply::new);
            }
        }
    }

    private int labelerFor(long comparisonIndex) {
        double u = Rng.derive(Rng.derive(seed, ASSIGNMENT_STREAM).nextLong(), comparisonIndex).nextDouble();
        for (int i = 0; i < cumulativeShares.length; i++) {
            if (u < cumulativeShares[i]) {
                return i;
            }
        }
        return cumulativeShares.length - 1;
    }

    /** A labeler's choices; when every share is in, the comparisons are recorded and the reward model trains. */
    private void onJudged(LabelerActor.Judged judged) {
        if (!judging.add(judged)) {
            return;
        }
        comparisons.addAll(judging.comparisons());
        agreement = judging.agreementWithTrueReturns();
        if (labelsTotal > 0 && settings.replay() > 0) {
            long sampleSeed = Rng.derive(Rng.derive(seed, REPLAY_STREAM).nextLong(), iteration).nextLong();
            int g = generation;
            context.pipeToSelf(AskPattern.<Replay.Command, List<Comparison>>askWithStatus(replay,
                    replyTo -> new Replay.SampleComparisons(settings.replay(), sampleSeed, 1, iteration - 1, replyTo), asks.timeout(),
                    context.getSystem().scheduler()), (sample, error) -> error == null ? new Experiment.ReplayedComparisons(g, sample)
                            : new Experiment.RoleFailed(g, "replay", "could not sample stored comparisons: " + error));
        } else {
            train(List.of());
        }
    }

    /** The new comparisons and the replayed ones: the reward model's round. */
    private void train(List<Comparison> replayed) {
        List<SegmentComparison> data = new ArrayList<>(FeedbackRecords.segmentComparisons(comparisons));
        data.addAll(FeedbackRecords.segmentComparisons(replayed));
        labelsTotal += comparisons.size();
        asks.ask(generation, Roles.REWARD_MODEL, roles.rewardModel(), replyTo -> new RewardModelActor.Train(iteration, data,
                rollout.observations(), rollout.actions(), rollout.rows(), replyTo), Experiment.RewardModelReply::new);
    }

    /** The comparisons this iteration commits. */
    List<Comparison> comparisons() {
        return List.copyOf(comparisons);
    }

    /** The metrics fields of a run from feedback: the learned reward's return, the labels and the reward model's fit. */
    Map<String, Object> metrics() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("episode_return_mean", learned.meanReturn());
        row.put("feedback/labels", labelsTotal);
        row.put("feedback/labels_new", comparisons.size());
        row.put("labelers/agreement", agreement);
        row.put("rm/loss", trained == null ? Double.NaN : trained.loss());
        row.put("rm/pair_accuracy", trained == null ? Double.NaN : trained.pairAccuracy());
        return row;
    }

    /** Asks the reward model and every labeler for their state; the checkpoint part comes when all have answered. */
    void askState() {
        labelerStates.clear();
        statesPending = 1 + roles.labelers().size();
        asks.ask(generation, Roles.REWARD_MODEL, roles.rewardModel(), replyTo -> new RewardModelActor.Snapshot(iteration, replyTo),
                Experiment.RewardModelReply::new);
        for (int l = 0; l < roles.labelers().size(); l++) {
            asks.ask(generation, Roles.labeler(l), roles.labelers().get(l), LabelerActor.Snapshot::new, Experiment.LabelerReply::new);
        }
    }

    private Outcome onState(Object state) {
        if (state instanceof RewardModelActor.State s) {
            rewardModelState = s;
        } else {
            labelerStates.add((LabelerActor.State) state);
        }
        if (--statesPending > 0) {
            return Outcome.WAIT;
        }
        List<LabelerActor.State> ordered = new ArrayList<>(labelerStates);
        ordered.sort((a, b) -> Integer.compare(a.labelerIndex(), b.labelerIndex()));
        return new Outcome(null, FeedbackRecords.state(rewardModelState, ordered, labelsTotal, learned), null);
    }
}
