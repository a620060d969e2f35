package dev.alignsim.policy.preference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.Mlp;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.TrainingState;
import java.util.List;

/**
 * A learned reward r(o, a) for a control world: a tanh MLP over the observation and the action (one-hot for a discrete
 * space), trained on segment comparisons with {@link SegmentBradleyTerry}, with its own Adam and seeded shuffler.
 *
 * <p>Its output is normalised by a scale only, set to the root mean square of the raw rewards on a rollout
 * ({@link #normaliseOn}), so that PPO's returns and values have the same size whatever scale the comparisons left the
 * model at. The offset is kept: segments that end in a termination are shorter, so the comparisons pin down the
 * reward's level too, and on CartPole that level is the whole reason to stay alive; moving it to zero (as Christiano
 * et al. do on worlds without terminations) would make ending an episode free. The standard deviation as the scale
 * ({@code feedback.rm.scale = std}, kept for comparison in docs/CONTROL-FEEDBACK.md) divides a model whose rewards are
 * mostly level by a small spread into large rewards, which PPO's clipped value loss follows only slowly.
 */
public final class SegmentRewardModel implements AutoCloseable {
    private static final long INIT_STREAM = 61;
    private static final long SHUFFLE_STREAM = 62;

    private final NDManager manager;
    private final Parameters parameters;
    private final Mlp mlp;
    private final TrainingState state;
    private final SegmentRewardSettings settings;
    private final int obsDim;
    private final int actionDim;
    private final int discreteActions;
    private final int inputSize;
    private double scale = 1.0;
    private boolean closed;

    /** Training statistics of one round: the last epoch's mean loss and the share of its pairs ordered as labeled. */
    public record Stats(double loss, double pairAccuracy) {}

    public SegmentRewardModel(int obsDim, Space actionSpace, SegmentRewardSettings settings, Device device, long seed) {
        this.obsDim = obsDim;
        this.actionDim = actionSpace.flatDim();
        this.discreteActions = actionSpace instanceof Space.Discrete d ? d.n() : 0;
        this.inputSize = obsDim + (discreteActions > 0 ? discreteActions : actionDim);
        this.settings = settings;
        int[] hidden = settings.hidden();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputSize;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 1;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        this.mlp = Mlp.create(parameters, "", sizes, 1.0, Rng.derive(seed, INIT_STREAM));
        this.state = new TrainingState("reward-model", parameters, 1e-8f, Rng.derive(seed, SHUFFLE_STREAM));
    }

    /** The network's input for step {@code row}: the observation, then the action (one-hot when discrete). */
    private void writeInput(float[] observations, float[] actions, int row, float[] out, int at) {
        System.arraycopy(observations, row * obsDim, out, at, obsDim);
        if (discreteActions > 0) {
            int action = (int) actions[row];
            if (action < 0 || action >= discreteActions) {
                throw new IllegalArgumentException("action " + actions[row] + " outside 0.." + (discreteActions - 1));
            }
            out[at + obsDim + action] = 1f;
        } else {
            System.arraycopy(actions, row * actionDim, out, at + obsDim, actionDim);
        }
    }

    /** Unnormalised rewards of {@code rows} steps (observations and actions row-major), without recording gradients. */
    public float[] rawRewards(float[] observations, float[] actions, int rows) {
        Autograd.stopRecordingOnThisThread();
        float[] inputs = new float[rows * inputSize];
        for (int r = 0; r < rows; r++) {
            writeInput(observations, actions, r, inputs, r * inputSize);
        }
        try (NDManager scope = manager.newSubManager()) {
            return mlp.forward(scope.create(inputs, new Shape(rows, inputSize))).toFloatArray();
        }
    }

    /** Normalised rewards: raw / scale. */
    public double[] rewards(float[] observations, float[] actions, int rows) {
        float[] raw = rawRewards(observations, actions, rows);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = raw[r] / scale;
        }
        return out;
    }

    /**
     * Sets the scale to the root mean square (or, with {@code scale = std}, the standard deviation) of the raw rewards
     * of these steps; 1 when that is (nearly) 0.
     */
    public void normaliseOn(float[] observations, float[] actions, int rows) {
        float[] raw = rawRewards(observations, actions, rows);
        scale = settings.scale() == SegmentRewardSettings.Scale.RMS ? rootMeanSquare(raw) : standardDeviation(raw);
    }

    static double standardDeviation(float[] raw) {
        double mean = 0;
        for (float r : raw) {
            mean += r;
        }
        mean /= raw.length;
        double squares = 0;
        for (float r : raw) {
            squares += (r - mean) * (r - mean);
        }
        double std = raw.length > 1 ? Math.sqrt(squares / (raw.length - 1)) : 0.0;
        return std > 1e-8 ? std : 1.0;
    }

    /** The root mean square of {@code raw}, or 1 when it is (nearly) 0. */
    static double rootMeanSquare(float[] raw) {
        double squares = 0;
        for (float r : raw) {
            squares += (double) r * r;
        }
        double rms = Math.sqrt(squares / raw.length);
        return rms > 1e-8 ? rms : 1.0;
    }

    public double scale() {
        return scale;
    }

    /**
     * {@code settings.epochs()} passes over the comparisons in seeded minibatch order.
     *
     * @throws IllegalArgumentException if there are none
     */
    public Stats train(List<SegmentComparison> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("the reward model needs at least one comparison to train on");
        }
        int n = data.size();
        double lastLoss = 0;
        double lastAccuracy = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            double lossSum = 0;
            int batches = 0;
            int correct = 0;
            for (int start = 0; start < n; start += settings.batchSize()) {
                int size = Math.min(settings.batchSize(), n - start);
                SegmentComparison[] batch = new SegmentComparison[size];
                for (int b = 0; b < size; b++) {
                    batch[b] = data.get(order[start + b]);
                }
                double[] stepOutcome = trainStep(batch, epoch);
                lossSum += stepOutcome[0];
                correct += (int) stepOutcome[1];
                batches++;
            }
            lastLoss = lossSum / batches;
            lastAccuracy = (double) correct / n;
        }
        state.finishUpdate();
        return new Stats(lastLoss, lastAccuracy);
    }

    /** One minibatch: answers its loss and how many of its pairs the model ordered as labeled before the step. */
    private double[] trainStep(SegmentComparison[] batch, int epoch) {
        int size = batch.length;
        int length = 1;
        for (SegmentComparison c : batch) {
            length = Math.max(length, Math.max(c.first().length(), c.second().length()));
        }
        float[] inputs = new float[size * 2 * length * inputSize];
        float[] mask = new float[size * 2 * length];
        int[] preferred = new int[size];
        for (int b = 0; b < size; b++) {
            preferred[b] = batch[b].preferred();
            Segment[] pair = {batch[b].first(), batch[b].second()};
            for (int s = 0; s < 2; s++) {
                Segment segment = pair[s];
                float[] obs = segment.observations();
                float[] actions = segment.actions();
                for (int t = 0; t < segment.length(); t++) {
                    int cell = (b * 2 + s) * length + t;
                    writeInput(obs, actions, t, inputs, cell * inputSize);
                    mask[cell] = 1f;
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(inputs, new Shape((long) size * 2 * length, inputSize));
            NDArray maskArray = scope.create(mask, new Shape(size, 2, length));
            Autograd.recordOnThisThread();
            NDArray stepRewards = mlp.forward(x).reshape(size, 2, length);
            NDArray loss = SegmentBradleyTerry.loss(stepRewards, maskArray, preferred);
            Autograd.backward(loss);
            Autograd.stopRecordingOnThisThread();
            double value = loss.getFloat();
            float[] sums = stepRewards.mul(maskArray).sum(new int[] {2}).toFloatArray();
            state.step(value, settings.learningRate(), settings.maxGradNorm(), scope, epoch);
            int correct = 0;
            for (int b = 0; b < size; b++) {
                float winner = sums[b * 2 + preferred[b]];
                float loser = sums[b * 2 + 1 - preferred[b]];
                correct += winner > loser ? 1 : 0;
            }
            return new double[] {value, correct};
        }
    }

    /** Weights (tagged with {@code version}), Adam and shuffler; the scale is stored beside it. */
    public LearnerSnapshot snapshot(long version) {
        return state.snapshot(version);
    }

    public void restore(LearnerSnapshot snapshot, double restoredScale) {
        if (!(restoredScale > 0) || Double.isInfinite(restoredScale)) {
            throw new IllegalArgumentException("a reward scale must be positive and finite, got " + restoredScale);
        }
        state.restore(snapshot);
        scale = restoredScale;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
            parameters.close();
            manager.close();
        }
    }
}
