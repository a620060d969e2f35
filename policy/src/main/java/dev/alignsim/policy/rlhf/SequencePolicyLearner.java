package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Adam;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.GradientClip;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.NonFiniteException;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequencePolicy;

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
                int[] rows = java.util.Arrays.copyOfRange(order, start, start + mb);
                ResponseBatch part = batch.select(rows, width);
                SequenceBatch layout = SequenceBatch.of(policy.spec(), part.prompts(), part.responses());
                float[] maskValues = layout.responseMask();
                float tokens = MaskedMean.tokens(maskValues);
                try (NDManager scope = policy.parameters().manager().newSubManager()) {
                    Shape shape = new Shape(mb, width);
                    NDArray mask = scope.create(maskValues, shape);
                    NDArray oldLogProbs = scope.create(part.oldLogProbs(), shape);
                    NDArray advantages = scope.create(part.advantages(), shape);

                    Autograd.recordOnThisThread();
                    SequencePolicy.Evaluation eval = policy.evaluate(scope, layout, settings.temperature());
                    NDArray logRatio = eval.logProbs().sub(oldLogProbs).mul(mask);
                    NDArray ratio = logRatio.exp();
                    NDArray pgLoss1 = advantages.neg().mul(ratio);
                    NDArray pgLoss2 = advantages.neg().mul(ratio.clip((float) (1 - settings.clipCoef()), (float) (1 + settings.clipCoef())));
                    NDArray pgLoss = MaskedMean.of(pgLoss1.maximum(pgLoss2), mask, tokens);
                    NDArray entropy = MaskedMean.of(eval.entropy(), mask, tokens);
                    NDArray loss = pgLoss.sub(Scalars.times(entropy, (float) settings.entCoef()));
                    Autograd.backward(loss);
                    Autograd.stopRecordingOnThisThread();

                    NDArray approxKl = MaskedMean.of(Scalars.plus(ratio, -1f).sub(logRatio), mask, tokens);
                    NDArray clipped = logRatio.exp().sub(Scalars.constant(ratio, 1f)).abs().gt((float) settings.clipCoef())
                            .toType(DataType.FLOAT32, false);
                    NDArray clipFraction = MaskedMean.of(clipped, mask, tokens);
                    float[] health = NDArrays.stack(new NDList(loss, approxKl, clipFraction, entropy)).toFloatArray();
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
