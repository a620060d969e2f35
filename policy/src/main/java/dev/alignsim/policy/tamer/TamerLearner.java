package dev.alignsim.policy.tamer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.Mlp;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.TrainingState;
import java.util.stream.IntStream;

/**
 * TAMER's learner for a discrete control world: an MLP from the observation to the estimated human reward of each
 * action, H(s, .), regressed on credited judgements ({@link CreditAssignment}) with a weighted squared error, and a
 * greedy policy on it (TAMER acts myopically on the human reward, with no discounting). Use from one thread at a time.
 */
public final class TamerLearner implements AutoCloseable {
    private static final long INIT_STREAM = 71;
    private static final long SHUFFLE_STREAM = 72;

    private final NDManager manager;
    private final Parameters parameters;
    private final Mlp mlp;
    private final TrainingState state;
    private final int obsDim;
    private final int actions;
    private boolean closed;

    public TamerLearner(int obsDim, int actions, int[] hidden, Device device, long seed) {
        this.obsDim = obsDim;
        this.actions = actions;
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = obsDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = actions;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        this.mlp = Mlp.create(parameters, "", sizes, 1.0, Rng.derive(seed, INIT_STREAM));
        this.state = new TrainingState("tamer", parameters, 1e-8f, Rng.derive(seed, SHUFFLE_STREAM));
    }

    /**
     * The weighted squared error {@code sum_k w_k (H(s_k, a_k) - y_k)^2 / sum_k w_k}.
     *
     * @param estimates (rows, actions) H(s_k, .)
     * @param taken (rows) the action taken at each step, as int64
     * @param targets (rows) y_k
     * @param weights (rows) w_k
     */
    public static NDArray loss(NDArray estimates, NDArray taken, NDArray targets, NDArray weights) {
        NDArray chosen = estimates.gather(taken.reshape(-1, 1), 1).squeeze(1);
        return chosen.sub(targets).square().mul(weights).sum().div(weights.sum());
    }

    /**
     * {@code epochs} passes in minibatches of {@code batchSize} over the steps with weight; answers the last epoch's
     * mean loss.
     */
    public double update(float[] observations, int[] taken, double[] targets, double[] weights, int epochs, int batchSize,
            double learningRate) {
        int rows = taken.length;
        int[] credited = IntStream.range(0, rows).filter(k -> weights[k] > 0).toArray();
        if (credited.length == 0) {
            return Double.NaN;
        }
        double lastLoss = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = state.minibatchOrder(credited.length);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < credited.length; start += batchSize) {
                int size = Math.min(batchSize, credited.length - start);
                float[] obs = new float[size * obsDim];
                long[] act = new long[size];
                float[] y = new float[size];
                float[] w = new float[size];
                for (int b = 0; b < size; b++) {
                    int k = credited[order[start + b]];
                    System.arraycopy(observations, k * obsDim, obs, b * obsDim, obsDim);
                    act[b] = taken[k];
                    y[b] = (float) targets[k];
                    w[b] = (float) weights[k];
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(obs, new Shape(size, obsDim));
                    Autograd.recordOnThisThread();
                    NDArray loss = loss(mlp.forward(x), scope.create(act).toType(DataType.INT64, false), scope.create(y), scope.create(w));
                    Autograd.backward(loss);
                    Autograd.stopRecordingOnThisThread();
                    double value = loss.getFloat();
                    state.step(value, learningRate, 1.0, scope, epoch);
                    sum += value;
                    batches++;
                }
            }
            lastLoss = sum / batches;
        }
        state.finishUpdate();
        return lastLoss;
    }

    /** H(s, .) for {@code rows} observations, row-major (rows x actions). */
    public float[] estimates(float[] observations, int rows) {
        Autograd.stopRecordingOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            return mlp.forward(scope.create(observations, new Shape(rows, obsDim))).toFloatArray();
        }
    }

    /** The greedy action of each observation: the one with the highest estimated human reward (the first on a tie). */
    public int[] greedy(float[] observations, int rows) {
        float[] h = estimates(observations, rows);
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int a = 1; a < actions; a++) {
                if (h[r * actions + a] > h[r * actions + best]) {
                    best = a;
                }
            }
            out[r] = best;
        }
        return out;
    }

    public LearnerSnapshot snapshot() {
        return state.snapshot();
    }

    public void restore(LearnerSnapshot snapshot) {
        state.restore(snapshot);
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
