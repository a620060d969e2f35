package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Adam;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.GradientClip;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.NonFiniteException;
import dev.alignsim.policy.ppo.PpoLoss;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;

/**
 * PPO's policy update on token sequences: the clipped surrogate per token, averaged over real tokens, minus the
 * entropy bonus; Adam with a global grad-norm clip; minibatches of whole responses in a seeded order.
 */
public final class SequencePolicyLearner implements AutoCloseable {
    private static final long SHUFFLE_STREAM = 61;

    private final SequencePolicy policy;
    private final SequencePpoSettings settings;
    private final Adam adam;
    private final Rng shuffle;
    private long updates;
    private boolean closed;

    /** Health of one update, from its last epoch's minibatches (loss, KL, clip fraction, entropy averaged). */
    public record Stats(double loss, double approxKl, double clipFraction, double entropy, double gradNorm) {}

    public SequencePolicyLearner(SequencePolicy policy, SequencePpoSettings settings, long seed) {
        this.policy = policy;
        this.settings = settings;
        this.adam = new Adam(policy.parameters(), 0.9f, 0.999f, 1e-5f);
        this.shuffle = Rng.derive(seed, SHUFFLE_STREAM);
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
            int[] order = shuffle.permutation(n);
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
                    NonFiniteException.check("policy loss", health[0], "in policy update " + (updates + 1) + ", epoch " + (epoch + 1));
                    gradNorm = GradientClip.globalNorm(policy.parameters().arrays(), scope);
                    NonFiniteException.check("policy gradient norm", gradNorm, "in policy update " + (updates + 1));
                    adam.step((float) settings.learningRate(), GradientClip.scale(gradNorm, settings.maxGradNorm()), scope);
                    if (last) {
                        for (int i = 0; i < 4; i++) {
                            sums[i] += health[i];
                        }
                        count++;
                    }
                }
            }
        }
        updates++;
        return new Stats(sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count, gradNorm);
    }

    /** PPO's policy objective on token sequences: the log-ratio is 0 (ratio 1) at padding, every term a mean over real tokens. */
    static PpoLoss.Policy objective(SequencePolicy.Evaluation eval, NDArray oldLogProbs, NDArray advantages, MaskedMean tokenMean,
            SequencePpoSettings settings) {
        NDArray logRatio = eval.logProbs().sub(oldLogProbs).mul(tokenMean.mask());
        return PpoLoss.policy(logRatio, advantages, eval.entropy(), tokenMean, settings.clipCoef(), settings.entCoef());
    }

    public long updates() {
        return updates;
    }

    public LearnerSnapshot snapshot() {
        return new LearnerSnapshot(policy.weights(updates), adam.stepCount(), adam.firstMoments(), adam.secondMoments(),
                shuffle.state());
    }

    public void restore(LearnerSnapshot snapshot) {
        policy.load(snapshot.weights());
        adam.restore(snapshot.adamStep(), snapshot.adamFirstMoments(), snapshot.adamSecondMoments());
        shuffle.setState(snapshot.shuffleRng());
        updates = snapshot.weights().version();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            adam.close();
        }
    }
}
