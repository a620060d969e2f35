package dev.alignsim.policy.rm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequenceBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one {@link RewardModel} on K-wise rankings with {@link BradleyTerryLoss}: each minibatch holds whole
 * prompts, all K responses of a prompt are scored together, and every one of its C(K,2) pairs enters the loss.
 * Minibatch order comes from a seeded {@link Rng}; Adam's state lives here and persists across calls, so the
 * model can keep training on new comparisons.
 */
public final class RewardTrainer implements AutoCloseable {
    private static final long SHUFFLE_STREAM = 42;

    private final RewardModel model;
    private final RewardSettings settings;
    private final TrainingState state;

    /** Per epoch: mean loss over minibatches and the fraction of training pairs ordered as ranked (ties count 1/2). */
    public record Stats(List<Double> epochLoss, List<Double> epochPairAccuracy) {
        public Stats {
            epochLoss = List.copyOf(epochLoss);
            epochPairAccuracy = List.copyOf(epochPairAccuracy);
        }

        public double finalLoss() {
            return epochLoss.get(epochLoss.size() - 1);
        }

        public double finalPairAccuracy() {
            return epochPairAccuracy.get(epochPairAccuracy.size() - 1);
        }
    }

    public RewardTrainer(RewardModel model, RewardSettings settings, long seed) {
        this.model = model;
        this.settings = settings;
        this.state = new TrainingState("reward-model", model.parameters(), 1e-8f, Rng.derive(seed, SHUFFLE_STREAM));
    }

    /**
     * Runs {@code settings.epochs()} passes over the rankings.
     *
     * @throws IllegalArgumentException if there are none or their K differ
     */
    public Stats train(List<RankedResponses> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("the reward model needs at least one ranking to train on");
        }
        int k = data.get(0).k();
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).k() != k) {
                throw new IllegalArgumentException("ranking " + i + " orders " + data.get(i).k() + " responses, the first orders "
                        + k + "; one training set must have one K");
            }
        }
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        int n = data.size();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            double lossSum = 0;
            int batches = 0;
            double correct = 0;
            long pairs = 0;
            for (int start = 0; start < n; start += settings.batchSize()) {
                int size = Math.min(settings.batchSize(), n - start);
                int[][] prompts = new int[size * k][];
                int[][] responses = new int[size * k][];
                int[][] rankings = new int[size][];
                for (int b = 0; b < size; b++) {
                    RankedResponses example = data.get(order[start + b]);
                    for (int j = 0; j < k; j++) {
                        prompts[b * k + j] = example.prompt();
                        responses[b * k + j] = example.responses()[j];
                    }
                    rankings[b] = example.ranking();
                }
                SequenceBatch batch = SequenceBatch.of(model.spec(), prompts, responses);
                try (NDManager scope = model.parameters().manager().newSubManager()) {
                    Autograd.recordOnThisThread();
                    NDArray scores = model.rawScores(scope, batch).reshape(size, k);
                    NDArray loss = BradleyTerryLoss.loss(scores, rankings, (float) settings.margin());
                    Autograd.backward(loss);
                    Autograd.stopRecordingOnThisThread();
                    double value = loss.getFloat();
                    state.step(value, settings.learningRate(), settings.maxGradNorm(), scope, epoch);
                    float[] s = scores.toFloatArray();
                    for (int b = 0; b < size; b++) {
                        for (BradleyTerryLoss.Pair p : BradleyTerryLoss.pairs(rankings[b])) {
                            pairs++;
                            float w = s[b * k + p.winner()];
                            float l = s[b * k + p.loser()];
                            // A tie (identical responses score identically) is half right, as in evaluation.
                            correct += w > l ? 1.0 : w == l ? 0.5 : 0.0;
                        }
                    }
                    lossSum += value;
                    batches++;
                }
            }
            losses.add(lossSum / batches);
            accuracies.add((double) correct / pairs);
        }
        state.finishUpdate();
        return new Stats(losses, accuracies);
    }

    /** Weights (tagged with {@code version}), optimiser and shuffler, to continue training exactly after a restart. */
    public LearnerSnapshot snapshot(long version) {
        return state.snapshot(version);
    }

    public void restore(LearnerSnapshot snapshot) {
        state.restore(snapshot);
    }

    /** Frees the optimiser's state; the model belongs to the caller. */
    @Override
    public void close() {
        state.close();
    }
}
