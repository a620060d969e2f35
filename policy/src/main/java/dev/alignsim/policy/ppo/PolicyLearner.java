package dev.alignsim.policy.ppo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.PolicyNetwork;

/**
 * Trains the actor with PPO's clipped surrogate and an entropy bonus, CleanRL style, and publishes its weights
 * by version. Use from one thread at a time.
 */
public final class PolicyLearner extends Learner {
    private static final long INIT_STREAM = 11;
    private static final long SHUFFLE_STREAM = 12;

    private final PpoSettings settings;
    private final PolicyNetwork network;

    public PolicyLearner(NetworkSpec spec, PpoSettings settings, Device device, long seed) {
        this(new PolicyNetwork(spec, device, Rng.derive(seed, INIT_STREAM)), settings, seed);
    }

    private PolicyLearner(PolicyNetwork network, PpoSettings settings, long seed) {
        super(new TrainingState("policy", network.parameters(), (float) settings.adamEpsilon(), Rng.derive(seed, SHUFFLE_STREAM)));
        this.settings = settings;
        this.network = network;
    }

    /** The version of the current weights: 0 at start, +1 per update. */
    public long version() {
        return state.updates();
    }

    public NetworkWeights weights() {
        return state.weights();
    }

    /**
     * PPO epochs over the batch. Old log-probabilities are recomputed by this network over the first epoch's
     * minibatches before any step, so that the ratio starts at exactly 1 (the acting copy computes in Java and
     * may differ in the last bit); that is only valid because the batch was collected with these weights.
     */
    public PolicyStats update(PolicyBatch batch, double learningRate) {
        if (batch.policyVersion() != version()) {
            throw new IllegalStateException("batch was collected by policy version " + batch.policyVersion()
                    + " but the learner holds version " + version());
        }
        NonFiniteException.check("advantages", batch.advantages());
        int n = batch.size();
        int obsDim = batch.observations().length / n;
        int actDim = batch.actions().length / n;
        int mb = Minibatches.minibatchSize(n, settings.numMinibatches());
        float[] oldLogProb = new float[n];
        double lastLoss = 0;
        double lastEntropy = 0;
        double lastKl = 0;
        double lastOldKl = 0;
        double lastGradNorm = 0;
        double clipFractionSum = 0;
        int minibatches = 0;
        int epochs = 0;
        for (int epoch = 0; epoch < settings.updateEpochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            if (epoch == 0) {
                recomputeOldLogProbs(batch, order, mb, obsDim, actDim, oldLogProb);
            }
            for (int start = 0; start < n; start += mb) {
                try (NDManager scope = network.parameters().manager().newSubManager()) {
                    float[] advantages = Minibatches.rows(batch.advantages(), 1, order, start, mb);
                    if (settings.normAdv()) {
                        advantages = BatchStatistics.whiten(advantages);
                    }
                    NDArray obs = scope.create(Minibatches.rows(batch.observations(), obsDim, order, start, mb), new Shape(mb, obsDim));
                    NDArray act = scope.create(Minibatches.rows(batch.actions(), actDim, order, start, mb), new Shape(mb, actDim));
                    NDArray adv = scope.create(advantages);
                    NDArray old = scope.create(Minibatches.rows(oldLogProb, 1, order, start, mb));

                    Autograd.recordOnThisThread();
                    PolicyNetwork.Evaluation eval = network.evaluate(obs, act);
                    PpoLoss.Policy objective = PpoLoss.policy(eval.logProb().sub(old), adv, eval.entropy(),
                            Mean.overAllElements(), settings.clipCoef(), settings.entCoef());
                    Autograd.backward(objective.loss());
                    Autograd.stopRecordingOnThisThread();

                    float[] health = NDArrays.stack(new NDList(objective.pgLoss(), objective.entropy(), objective.approxKl(),
                            objective.oldApproxKl(), objective.clipFraction())).toFloatArray();
                    double gradNorm = state.step(health[0], learningRate, settings.maxGradNorm(), scope, epoch);

                    lastLoss = health[0];
                    lastEntropy = health[1];
                    lastKl = health[2];
                    lastOldKl = health[3];
                    clipFractionSum += health[4];
                    lastGradNorm = gradNorm;
                    minibatches++;
                }
            }
            epochs++;
            if (settings.hasTargetKl() && lastKl > settings.targetKl()) {
                break;
            }
        }
        state.finishUpdate();
        return new PolicyStats(lastLoss, lastEntropy, lastKl, lastOldKl, clipFractionSum / minibatches, lastGradNorm, epochs,
                version());
    }

    private void recomputeOldLogProbs(PolicyBatch batch, int[] order, int mb, int obsDim, int actDim, float[] out) {
        Autograd.stopRecordingOnThisThread();
        for (int start = 0; start < batch.size(); start += mb) {
            try (NDManager scope = network.parameters().manager().newSubManager()) {
                NDArray obs = scope.create(Minibatches.rows(batch.observations(), obsDim, order, start, mb), new Shape(mb, obsDim));
                NDArray act = scope.create(Minibatches.rows(batch.actions(), actDim, order, start, mb), new Shape(mb, actDim));
                float[] logProb = network.evaluate(obs, act).logProb().toFloatArray();
                for (int r = 0; r < mb; r++) {
                    out[order[start + r]] = logProb[r];
                }
            }
        }
    }

    /** Log-probabilities of {@code actions} under the current weights (no gradient). */
    public float[] logProbs(float[] observations, float[] actions, int size) {
        Autograd.stopRecordingOnThisThread();
        try (NDManager scope = network.parameters().manager().newSubManager()) {
            NDArray obs = scope.create(observations, new Shape(size, observations.length / size));
            NDArray act = scope.create(actions, new Shape(size, actions.length / size));
            return network.evaluate(obs, act).logProb().toFloatArray();
        }
    }

    /** Frees the optimiser's state, then the network. */
    @Override
    public void close() {
        super.close();
        network.close();
    }
}
