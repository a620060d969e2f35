package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.ppo.Learner;
import dev.alignsim.policy.ppo.NonFiniteException;
import dev.alignsim.policy.ppo.PpoLoss;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;

/**
 * PPO's policy update on token sequences: the clipped surrogate per token, averaged over real tokens, minus the
 * entropy bonus; Adam with a global grad-norm clip; minibatches of whole responses in a seeded order. The policy
 * belongs to the caller.
 */
public final class SequencePolicyLearner extends Learner {
    private static final long SHUFFLE_STREAM = 61;

    private final SequencePolicy policy;
    private final SequencePpoSettings settings;

    /** Health of one update, from its last epoch's minibatches (loss, KL, clip fraction, entropy averaged). */
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
        int n = batch.size();
        int width = policy.spec().responseLength();
        int mb = Math.max(1, n / settings.numMinibatches());
        double[] sums = new double[4];
        double gradNorm = 0;
        int count = 0;
        for (int epoch = 0; epoch < settings.updateEpochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            boolean last = epoch == settings.updateEpochs() - 1;
            for (int start = 0; start + mb <= n; start += mb) {
                ResponseBatch part = batch.select(Arrays.copyOfRange(order, start, start + mb), width);
                SequenceBatch layout = SequenceBatch.of(policy.spec(), part.prompts(), part.responses());
                try (NDManager scope = policy.parameters().manager().newSubManager()) {
                    MaskedMean tokenMean = MaskedMean.over(scope, layout.responseMask(), mb, width);
                    NDArray oldLogProbs = scope.create(part.oldLogProbs(), new Shape(mb, width));
                    NDArray advantages = scope.create(part.advantages(), new Shape(mb, width));

                    Autograd.recordOnThisThread();
                    SequencePolicy.Evaluation eval = policy.evaluate(scope, layout, settings.temperature());
                    PpoLoss.Policy objective = objective(eval, oldLogProbs, advantages, tokenMean, settings);
                    Autograd.backward(objective.loss());
                    Autograd.stopRecordingOnThisThread();

                    float[] health = NDArrays.stack(new NDList(objective.loss(), objective.approxKl(), objective.clipFraction(),
                            objective.entropy())).toFloatArray();
                    gradNorm = state.step(health[0], settings.learningRate(), settings.maxGradNorm(), scope, epoch);
                    if (last) {
                        for (int i = 0; i < sums.length; i++) {
                            sums[i] += health[i];
                        }
                        count++;
                    }
                }
            }
        }
        state.finishUpdate();
        return new Stats(sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count, gradNorm);
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
