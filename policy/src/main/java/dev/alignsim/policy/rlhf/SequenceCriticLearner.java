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
        double[] health = ResponseEpochs.run(batch, critic.spec(), critic.parameters(), settings, state, this::step);
        return new Stats(health[0], health[1]);
    }

    private double[] step(ResponseEpochs.Minibatch minibatch) {
        NDArray oldValues = minibatch.tokens(minibatch.rows().oldValues());
        NDArray returns = minibatch.tokens(minibatch.rows().returns());

        Autograd.recordOnThisThread();
        NDArray values = critic.values(minibatch.scope(), minibatch.layout());
        PpoLoss.Value objective = objective(values, oldValues, returns, minibatch.tokenMean(), settings);
        Autograd.backward(objective.loss());
        Autograd.stopRecordingOnThisThread();

        float[] health = NDArrays.stack(new NDList(objective.loss(), objective.clipFraction())).toFloatArray();
        state.step(health[0], settings.criticLearningRate(), settings.maxGradNorm(), minibatch.scope(), minibatch.epoch());
        return new double[] {health[0], health[1]};
    }

    /** PPO's value objective on token sequences: always clipped (TRL's cliprange_value), a mean over real tokens. */
    static PpoLoss.Value objective(NDArray values, NDArray oldValues, NDArray returns, MaskedMean tokenMean,
            SequencePpoSettings settings) {
        return PpoLoss.value(values, oldValues, returns, tokenMean, settings.clipValue(), true);
    }
}
