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
import java.util.Arrays;

/**
 * PPO's critic update on token sequences: the clipped value loss averaged over real tokens; Adam; grad-norm clip.
 * The critic belongs to the caller.
 */
public final class SequenceCriticLearner extends Learner {
    private static final long SHUFFLE_STREAM = 62;

    private final SequenceCritic critic;
    private final SequencePpoSettings settings;

    /** The last epoch's mean value loss and clip fraction. */
    public record Stats(double loss, double clipFraction) {}

    public SequenceCriticLearner(SequenceCritic critic, SequencePpoSettings settings, long seed) {
        super(new TrainingState("value", critic.parameters(), 1e-5f, Rng.derive(seed, SHUFFLE_STREAM)));
        this.critic = critic;
        this.settings = settings;
    }

    public SequenceCritic critic() {
        return critic;
    }

    public Stats update(ResponseBatch batch) {
        NonFiniteException.check("returns", batch.returns());
        int n = batch.size();
        int width = critic.spec().responseLength();
        int mb = Math.max(1, n / settings.numMinibatches());
        double lossSum = 0;
        double clipSum = 0;
        int count = 0;
        for (int epoch = 0; epoch < settings.updateEpochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            boolean last = epoch == settings.updateEpochs() - 1;
            for (int start = 0; start + mb <= n; start += mb) {
                ResponseBatch part = batch.select(Arrays.copyOfRange(order, start, start + mb), width);
                SequenceBatch layout = SequenceBatch.of(critic.spec(), part.prompts(), part.responses());
                try (NDManager scope = critic.parameters().manager().newSubManager()) {
                    MaskedMean tokenMean = MaskedMean.over(scope, layout.responseMask(), mb, width);
                    NDArray oldValues = scope.create(part.oldValues(), new Shape(mb, width));
                    NDArray returns = scope.create(part.returns(), new Shape(mb, width));

                    Autograd.recordOnThisThread();
                    PpoLoss.Value objective = objective(critic.values(scope, layout), oldValues, returns, tokenMean, settings);
                    Autograd.backward(objective.loss());
                    Autograd.stopRecordingOnThisThread();

                    float[] health = NDArrays.stack(new NDList(objective.loss(), objective.clipFraction())).toFloatArray();
                    state.step(health[0], settings.criticLearningRate(), settings.maxGradNorm(), scope, epoch);
                    if (last) {
                        lossSum += health[0];
                        clipSum += health[1];
                        count++;
                    }
                }
            }
        }
        state.finishUpdate();
        return new Stats(lossSum / count, clipSum / count);
    }

    /** PPO's value objective on token sequences: always clipped (TRL's cliprange_value), a mean over real tokens. */
    static PpoLoss.Value objective(NDArray values, NDArray oldValues, NDArray returns, MaskedMean tokenMean,
            SequencePpoSettings settings) {
        return PpoLoss.value(values, oldValues, returns, tokenMean, settings.clipValue(), true);
    }
}
