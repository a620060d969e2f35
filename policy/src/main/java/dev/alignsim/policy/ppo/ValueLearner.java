package dev.alignsim.policy.ppo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.nn.ValueNetwork;

/** Computes values and trains the critic with PPO's (clipped) value loss. Use from one thread at a time. */
public final class ValueLearner extends Learner {
    private static final long INIT_STREAM = 21;
    private static final long SHUFFLE_STREAM = 22;

    private final PpoSettings settings;
    private final ValueNetwork network;

    public ValueLearner(NetworkSpec spec, PpoSettings settings, Device device, long seed) {
        this(new ValueNetwork(spec, device, Rng.derive(seed, INIT_STREAM)), settings, seed);
    }

    private ValueLearner(ValueNetwork network, PpoSettings settings, long seed) {
        super(new TrainingState("value", network.parameters(), (float) settings.adamEpsilon(), Rng.derive(seed, SHUFFLE_STREAM)));
        this.settings = settings;
        this.network = network;
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
            int[] order = state.minibatchOrder(n);
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
                    double gradNorm = state.step(health[0], learningRate, settings.maxGradNorm(), scope, epoch);
                    lastLoss = health[0];
                    clipFractionSum += health[1];
                    lastGradNorm = gradNorm;
                    minibatches++;
                }
            }
        }
        state.finishUpdate();
        return new ValueStats(lastLoss, clipFractionSum / minibatches, lastGradNorm);
    }

    public NetworkWeights weights() {
        return state.weights();
    }

    /** Frees the optimiser's state, then the network. */
    @Override
    public void close() {
        super.close();
        network.close();
    }
}
