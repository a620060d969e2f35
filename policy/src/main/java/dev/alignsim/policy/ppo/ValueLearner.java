package dev.alignsim.policy.ppo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Adam;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.GradientClip;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.nn.ValueNetwork;

/** Computes values and trains the critic with PPO's (clipped) value loss. Use from one thread at a time. */
public final class ValueLearner implements AutoCloseable {
    private static final long INIT_STREAM = 21;
    private static final long SHUFFLE_STREAM = 22;

    private final PpoSettings settings;
    private final NDManager manager;
    private final ValueNetwork network;
    private final Adam adam;
    private final Rng shuffle;
    private long updates;
    private boolean closed;

    public ValueLearner(NetworkSpec spec, PpoSettings settings, Device device, long seed) {
        this.settings = settings;
        this.manager = NDManager.newBaseManager(device);
        this.network = new ValueNetwork(spec, manager, Rng.derive(seed, INIT_STREAM));
        this.adam = new Adam(network.parameters(), 0.9f, 0.999f, (float) settings.adamEpsilon());
        this.shuffle = Rng.derive(seed, SHUFFLE_STREAM);
    }

    /** V(s) for {@code size} observations, row-major. */
    public float[] values(float[] observations, int size) {
        Autograd.stopRecordingOnThisThread();
        try (NDManager scope = network.parameters().manager().newSubManager()) {
            NDArray obs = scope.create(observations, new Shape(size, observations.length / size));
            return network.forward(obs).toFloatArray();
        }
    }

    public ValueStats update(ValueBatch batch, double learningRate) {
        NonFiniteException.check("returns", batch.returns());
        int n = batch.size();
        int obsDim = batch.observations().length / n;
        int mb = Minibatches.minibatchSize(n, settings.numMinibatches());
        double lastLoss = 0;
        double lastGradNorm = 0;
        double clipFractionSum = 0;
        int minibatches = 0;
        for (int epoch = 0; epoch < settings.updateEpochs(); epoch++) {
            int[] order = shuffle.permutation(n);
            for (int start = 0; start < n; start += mb) {
                try (NDManager scope = network.parameters().manager().newSubManager()) {
                    NDArray obs = scope.create(Minibatches.rows(batch.observations(), obsDim, order, start, mb), new Shape(mb, obsDim));
                    NDArray returns = scope.create(Minibatches.rows(batch.returns(), 1, order, start, mb));
                    NDArray oldValues = scope.create(Minibatches.rows(batch.oldValues(), 1, order, start, mb));

                    Autograd.recordOnThisThread();
                    PpoLoss.Value objective = PpoLoss.value(network.forward(obs), oldValues, returns, Mean.overAllElements(),
                            settings.clipCoef(), settings.clipVloss());
                    Autograd.backward(Scalars.times(objective.loss(), (float) settings.vfCoef()));
                    Autograd.stopRecordingOnThisThread();

                    float[] health = NDArrays.stack(new NDList(objective.loss(), objective.clipFraction())).toFloatArray();
                    NonFiniteException.check("value loss", health[0], "in critic update " + (updates + 1) + ", epoch " + (epoch + 1));
                    double gradNorm = GradientClip.globalNorm(network.parameters().arrays(), scope);
                    NonFiniteException.check("value gradient norm", gradNorm, "in critic update " + (updates + 1));
                    adam.step((float) learningRate, GradientClip.scale(gradNorm, settings.maxGradNorm()), scope);
                    lastLoss = health[0];
                    clipFractionSum += health[1];
                    lastGradNorm = gradNorm;
                    minibatches++;
                }
            }
        }
        updates++;
        return new ValueStats(lastLoss, clipFractionSum / minibatches, lastGradNorm);
    }

    public NetworkWeights weights() {
        return network.parameters().export(updates);
    }

    public Adam optimizer() {
        return adam;
    }

    public LearnerSnapshot snapshot() {
        return new LearnerSnapshot(weights(), adam.stepCount(), adam.firstMoments(), adam.secondMoments(), shuffle.state());
    }

    /** Continues from a {@link #snapshot()}: weights, optimiser, shuffler and update count. */
    public void restore(LearnerSnapshot snapshot) {
        network.parameters().load(snapshot.weights());
        adam.restore(snapshot.adamStep(), snapshot.adamFirstMoments(), snapshot.adamSecondMoments());
        shuffle.setState(snapshot.shuffleRng());
        updates = snapshot.weights().version();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            adam.close();
            network.close();
            manager.close();
        }
    }
}
