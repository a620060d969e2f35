package dev.alignsim.policy.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.alignsim.policy.nn.Scalars;

/**
 * PPO's losses on DJL arrays, with the paper's and CleanRL's names, written once for every learner. The terms are
 * element-wise, one per sample (control worlds) or per token (token sequences); {@link #policy} and {@link #value}
 * reduce them with the learner's {@link Mean}, so that a control learner and a sequence learner run the same
 * arithmetic and differ only in which elements count.
 */
public final class PpoLoss {
    private PpoLoss() {}

    /** One minibatch's policy objective ({@code loss} is minimised) and its health, each a scalar. */
    public record Policy(NDArray loss, NDArray pgLoss, NDArray entropy, NDArray approxKl, NDArray oldApproxKl,
            NDArray clipFraction) {}

    /** One minibatch's value loss ({@code 0.5 * mean} of {@link #valueLossTerms}) and fraction of clipped values. */
    public record Value(NDArray loss, NDArray clipFraction) {}

    /**
     * CleanRL's policy update: {@code ratio = exp(logRatio)}, {@code pgLoss = mean(clippedSurrogate)},
     * {@code loss = pgLoss - entCoef * mean(entropy)}, with approx KL (k3), old approx KL ({@code mean(-logRatio)})
     * and the clip fraction beside it.
     *
     * @param logRatio {@code log π(a|s) - log π_old(a|s)} per element (0 where an element takes no part)
     */
    public static Policy policy(NDArray logRatio, NDArray advantages, NDArray entropy, Mean mean, double clipCoef,
            double entCoef) {
        NDArray ratio = logRatio.exp();
        NDArray pgLoss = mean.of(clippedSurrogate(ratio, advantages, clipCoef));
        NDArray entropyLoss = mean.of(entropy);
        NDArray loss = pgLoss.sub(Scalars.times(entropyLoss, (float) entCoef));
        return new Policy(loss, pgLoss, entropyLoss, mean.of(approxKl(ratio, logRatio)), mean.of(logRatio.neg()),
                mean.of(ratioClipped(ratio, clipCoef)));
    }

    /** CleanRL's value update: {@code vLoss = 0.5 * mean(valueLossTerms)} and the fraction of values moved past the clip. */
    public static Value value(NDArray newValues, NDArray oldValues, NDArray returns, Mean mean, double clipCoef,
            boolean clipVloss) {
        NDArray terms = valueLossTerms(newValues, oldValues, returns, clipCoef, clipVloss);
        return new Value(Scalars.times(mean.of(terms), 0.5f), mean.of(valueClipped(newValues, oldValues, clipCoef)));
    }

    /**
     * Per element, {@code max(-A * ratio, -A * clip(ratio, 1 - clipCoef, 1 + clipCoef))}. Where the ratio has left
     * the clip range in the advantage's favour the clipped term wins and its gradient is zero.
     */
    public static NDArray clippedSurrogate(NDArray ratio, NDArray advantages, double clipCoef) {
        NDArray pgLoss1 = advantages.neg().mul(ratio);
        NDArray pgLoss2 = advantages.neg().mul(ratio.clip((float) (1 - clipCoef), (float) (1 + clipCoef)));
        return pgLoss1.maximum(pgLoss2);
    }

    /**
     * Per element, CleanRL's {@code v_loss_max = max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2)} when
     * {@code clipVloss}, else {@code (V - R)^2}.
     */
    public static NDArray valueLossTerms(NDArray newValues, NDArray oldValues, NDArray returns, double clipCoef,
            boolean clipVloss) {
        NDArray vLossUnclipped = newValues.sub(returns).square();
        if (!clipVloss) {
            return vLossUnclipped;
        }
        NDArray vClipped = oldValues.add(newValues.sub(oldValues).clip((float) -clipCoef, (float) clipCoef));
        NDArray vLossClipped = vClipped.sub(returns).square();
        return vLossUnclipped.maximum(vLossClipped);
    }

    /** Per element, Schulman's low-variance KL estimator k3: {@code (ratio - 1) - log ratio}. */
    public static NDArray approxKl(NDArray ratio, NDArray logRatio) {
        return Scalars.plus(ratio, -1f).sub(logRatio);
    }

    /** Per element, 1 where {@code |ratio - 1| > clipCoef} (the surrogate clipped it), else 0. */
    public static NDArray ratioClipped(NDArray ratio, double clipCoef) {
        return above(Scalars.plus(ratio, -1f), clipCoef);
    }

    /** Per element, 1 where {@code |V - V_old| > clipCoef} (the value clip applies), else 0. */
    public static NDArray valueClipped(NDArray newValues, NDArray oldValues, double clipCoef) {
        return above(newValues.sub(oldValues), clipCoef);
    }

    private static NDArray above(NDArray deviations, double threshold) {
        return deviations.abs().gt((float) threshold).toType(DataType.FLOAT32, false);
    }
}
