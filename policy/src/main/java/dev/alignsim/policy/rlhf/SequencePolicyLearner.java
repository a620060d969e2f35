package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.ppo.Learner;
import dev.alignsim.policy.ppo.NonFiniteException;
import dev.alignsim.policy.ppo.PpoLoss;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequencePolicy;

/**
 * PPO's policy update on token sequences: the clipped surrogate per token, averaged over real tokens, minus the
 * entropy bonus; Adam with a global grad-norm clip; minibatches of whole responses in a seeded order. The policy
 * belongs to the caller.
 */
public final class SequencePolicyLearner extends Learner {
    private static final long SHUFFLE_STREAM = 61;

    private final SequencePolicy policy;
    private final SequencePpoSettings settings;

    /** Health of one update: its last epoch's minibatches averaged. */
    public record Stats(double loss, double approxKl, double clipFraction, double entropy, double gradNorm) {}

    public SequencePolicyLearner(SequencePolicy policy, SequencePpoSettings settings, long seed) {
        super(new TrainingState("policy", policy.parameters(), 1e-5f, Rng.derive(seed, SHUFFLE_STREAM)));
        this.policy = policy;
        this.settings = settings;
    }

    public SequencePolicy policy() {
        return policy;
    }

    public Stats update(ResponseBatch batch) {
        NonFiniteException.check("advantages", batch.advantages());
        double[] health = ResponseEpochs.run(batch, policy.spec(), policy.parameters(), settings, state, this::step);
        return new Stats(health[0], health[1], health[2], health[3], health[4]);
    }

    private double[] step(ResponseEpochs.Minibatch minibatch) {
        NDArray oldLogProbs = minibatch.tokens(minibatch.rows().oldLogProbs());
        NDArray advantages = minibatch.tokens(minibatch.rows().advantages());

        Autograd.recordOnThisThread();
        SequencePolicy.Evaluation eval = policy.evaluate(minibatch.scope(), minibatch.layout(), settings.temperature());
        PpoLoss.Policy objective = objective(eval, oldLogProbs, advantages, minibatch.tokenMean(), settings);
        Autograd.backward(objective.loss());
        Autograd.stopRecordingOnThisThread();

        float[] health = NDArrays.stack(new NDList(objective.loss(), objective.approxKl(), objective.clipFraction(),
                objective.entropy())).toFloatArray();
        double gradNorm = state.step(health[0], settings.learningRate(), settings.maxGradNorm(), minibatch.scope(), minibatch.epoch());
        return new double[] {health[0], health[1], health[2], health[3], gradNorm};
    }

    /** PPO's policy objective on token sequences: the log-ratio is 0 (ratio 1) at padding, every term a mean over real tokens. */
    static PpoLoss.Policy objective(SequencePolicy.Evaluation eval, NDArray oldLogProbs, NDArray advantages, MaskedMean tokenMean,
            SequencePpoSettings settings) {
        NDArray logRatio = eval.logProbs().sub(oldLogProbs).mul(tokenMean.mask());
        return PpoLoss.policy(logRatio, advantages, eval.entropy(), tokenMean, settings.clipCoef(), settings.entCoef());
    }

    public long updates() {
        return state.updates();
    }
}
