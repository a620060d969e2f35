package dev.alignsim.policy.ppo;

import ai.djl.ndarray.NDArray;
import dev.alignsim.policy.nn.Scalars;

/** PPO's losses on DJL arrays, with the paper's and CleanRL's names. Each returns a scalar to minimise. */
public final class PpoLoss {
    private PpoLoss() {}

    /**
     * The clipped surrogate: {@code mean(max(-A * ratio, -A * clip(ratio, 1 - clipCoef, 1 + clipCoef)))}, with
     * {@code ratio = exp(logRatio)}. Where the ratio has left the clip range in the advantage's favour the
     * clipped term wins and its gradient is zero.
     */
    public static NDArray clippedSurrogate(NDArray ratio, NDArray advantages, double clipCoef) {
        NDArray pgLoss1 = advantages.neg().mul(ratio);
        NDArray pgLoss2 = advantages.neg().mul(ratio.clip((float) (1 - clipCoef), (float) (1 + clipCoef)));
        return pgLoss1.maximum(pgLoss2).mean();
    }

    /**
     * The value loss: {@code 0.5 * mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2))} when clipped,
     * else {@code 0.5 * mean((V - R)^2)}.
     */
    public static NDArray valueLoss(NDArray newValues, NDArray oldValues, NDArray returns, double clipCoef, boolean clipVloss) {
        NDArray unclipped = newValues.sub(returns).square();
        if (!clipVloss) {
            return Scalars.times(unclipped.mean(), 0.5f);
        }
        NDArray clippedValues = oldValues.add(newValues.sub(oldValues).clip((float) -clipCoef, (float) clipCoef));
        NDArray clipped = clippedValues.sub(returns).square();
        return Scalars.times(unclipped.maximum(clipped).mean(), 0.5f);
    }

    /** The low-variance KL estimator {@code mean((ratio - 1) - log ratio)} (Schulman's k3). */
    public static NDArray approxKl(NDArray ratio, NDArray logRatio) {
        return Scalars.plus(ratio, -1f).sub(logRatio).mean();
    }

    /** Fraction of entries whose magnitude exceeds {@code threshold}. */
    public static NDArray fractionAbove(NDArray deviations, double threshold) {
        return deviations.abs().gt((float) threshold).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean();
    }
}
