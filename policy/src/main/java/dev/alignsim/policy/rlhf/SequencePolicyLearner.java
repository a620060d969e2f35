package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.ppo.Learner;
import dev.alignsim.policy.ppo.NonFiniteException;
import dev.alignsim.policy.ppo.PpoLoss;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequencePolicy;

/**
 * PPO's policy update on token sequences: the clipped surrogate per token, averaged over real tokens, minus the
 * entropy bonus; Adam with a global grad-norm clip; minibatches of whole responses in a seeded order. RLOO uses it as
 * is with its advantages; GRPO adds {@code klLossCoef} times the k3 estimate of KL(π || π_ref) per real token (Shao et
 * al. 2024), averaged the same way. The policy belongs to the caller.
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
        return update(batch, 0);
    }

    /**
     * One update; with {@code klLossCoef} > 0 the loss adds that times the k3 KL to the batch's reference log-probs.
     *
     * @throws IllegalArgumentException when {@code klLossCoef} > 0 and the batch has no reference log-probs
     */
    public Stats update(ResponseBatch batch, double klLossCoef) {
        NonFiniteException.check("advantages", batch.advantages());
        if (klLossCoef > 0 && batch.referenceLogProbs() == null) {
            throw new IllegalArgumentException("a KL loss term (coefficient " + klLossCoef + ") needs the batch's reference log-probs");
        }
        double[] health = ResponseEpochs.run(batch, policy.spec(), policy.parameters(), settings, state, m -> step(m, klLossCoef));
        return new Stats(health[0], health[1], health[2], health[3], health[4]);
    }

    private double[] step(ResponseEpochs.Minibatch minibatch, double klLossCoef) {
        NDArray oldLogProbs = minibatch.tokens(minibatch.rows().oldLogProbs());
        NDArray advantages = minibatch.tokens(minibatch.rows().advantages());

        Autograd.recordOnThisThread();
        SequencePolicy.Evaluation eval = policy.evaluate(minibatch.scope(), minibatch.layout(), settings.temperature());
        PpoLoss.Policy objective = objective(eval, oldLogProbs, advantages, minibatch.tokenMean(), settings);
        NDArray loss = objective.loss();
        if (klLossCoef > 0) {
            NDArray reference = minibatch.tokens(minibatch.rows().referenceLogProbs());
            loss = loss.add(Scalars.times(referenceKl(eval.logProbs(), reference, minibatch.tokenMean()), (float) klLossCoef));
        }
        Autograd.backward(loss);
        Autograd.stopRecordingOnThisThread();

        float[] health = NDArrays.stack(new NDList(loss, objective.approxKl(), objective.clipFraction(),
                objective.entropy())).toFloatArray();
        double gradNorm = state.step(health[0], settings.learningRate(), settings.maxGradNorm(), minibatch.scope(), minibatch.epoch());
        return new double[] {health[0], health[1], health[2], health[3], gradNorm};
    }

    /**
     * The k3 estimate of KL(π || π_ref), {@code exp(ref - logp) - (ref - logp) - 1}, averaged over real tokens; the
     * log-ratio is zeroed at padding first, where the term is then 0.
     */
    static NDArray referenceKl(NDArray logProbs, NDArray referenceLogProbs, MaskedMean tokenMean) {
        NDArray logRatio = referenceLogProbs.sub(logProbs).mul(tokenMean.mask());
        return tokenMean.of(Scalars.plus(logRatio.exp().sub(logRatio), -1f));
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
