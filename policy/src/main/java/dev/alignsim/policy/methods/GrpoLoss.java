package dev.alignsim.policy.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.ppo.PpoLoss;

/**
 * GRPO's policy loss (Shao et al. 2024, eq. 3) on padded response rows. Per real token, with
 * {@code ratio = π(t) / π_old(t)} and the sample's advantage A:
 *
 * <pre>
 *   loss_t = -min(ratio A, clip(ratio, 1 - ε, 1 + ε) A) + β k3_t
 *   k3_t   = exp(log π_ref(t) - log π(t)) - (log π_ref(t) - log π(t)) - 1
 * </pre>
 *
 * k3 (Schulman 2020) estimates KL(π || π_ref) from tokens sampled from π: it is never negative and unbiased, and
 * unlike PPO-RLHF's KL penalty it sits in the loss, not in the reward, so the advantages stay pure group-normalised
 * rewards. The loss is {@link ValidTokens#sequenceMean}, the paper's {@code 1/G Σ_i 1/|o_i| Σ_t}; a stage that wants
 * DAPO's token mean can reduce {@link #perTokenLoss} with {@link ValidTokens#tokenMean} instead. The clipped
 * surrogate and k3 are PPO's own ({@link PpoLoss#clippedSurrogate}, {@link PpoLoss#approxKl}), written once.
 */
public final class GrpoLoss {
    private GrpoLoss() {}

    /** One batch's loss (a scalar, differentiable in the policy's log-probs), its mean k3 KL and clip fraction (detached). */
    public record Objective(NDArray loss, NDArray kl, NDArray clipFraction) {}

    /** {@link Objective} in plain numbers, from the double-precision reference. */
    public record Values(double loss, double kl, double clipFraction) {}

    /**
     * k3 per element, {@code exp(ref - logp) - (ref - logp) - 1}, for arrays of one shape; no masking.
     *
     * @throws IllegalArgumentException when the shapes differ or an element is not finite
     */
    public static NDArray k3(NDArray logProbs, NDArray referenceLogProbs) {
        if (logProbs == null) {
            throw new IllegalArgumentException("logProbs must be an array, got null");
        }
        Checks.shape("referenceLogProbs", referenceLogProbs, logProbs.getShape(), "the shape of logProbs");
        Checks.finite("logProbs", logProbs);
        Checks.finite("referenceLogProbs", referenceLogProbs);
        NDArray logRatio = referenceLogProbs.sub(logProbs);
        return PpoLoss.approxKl(logRatio.exp(), logRatio);
    }

    /**
     * k3 of one token in double precision.
     *
     * @throws IllegalArgumentException when either log-prob is not finite
     */
    public static double k3(double logProb, double referenceLogProb) {
        if (!Double.isFinite(logProb) || !Double.isFinite(referenceLogProb)) {
            throw new IllegalArgumentException("logProb and referenceLogProb must be finite, got " + logProb + " and "
                    + referenceLogProb);
        }
        double logRatio = referenceLogProb - logProb;
        return Math.exp(logRatio) - logRatio - 1;
    }

    /**
     * The per-token loss, (rows, width), 0 at padding. The log-ratios are zeroed at padding before they are
     * exponentiated, so that whatever finite numbers padding holds cannot overflow.
     *
     * @param logProbs log π per token, (rows, width); carries the gradient
     * @param oldLogProbs log π_old per token, the sampling policy's, (rows, width)
     * @param referenceLogProbs log π_ref per token, (rows, width)
     * @param advantages one per row, (rows), e.g. {@link Grpo#advantages}
     * @param clipEpsilon ε, positive
     * @param beta the KL coefficient, finite and >= 0 (0 drops the KL term)
     * @throws IllegalArgumentException on a shape other than these, non-finite inputs, or ε or β out of range
     */
    public static NDArray perTokenLoss(NDArray logProbs, NDArray oldLogProbs, NDArray referenceLogProbs, NDArray advantages,
            ValidTokens tokens, double clipEpsilon, double beta) {
        check(logProbs, oldLogProbs, referenceLogProbs, advantages, tokens, clipEpsilon, beta);
        return terms(logProbs, oldLogProbs, referenceLogProbs, advantages, tokens, clipEpsilon, beta).loss;
    }

    /**
     * The loss, the paper's mean of each response's token mean, with its k3 KL (the same mean) and the fraction of
     * tokens whose ratio left the clip range.
     *
     * @throws IllegalArgumentException as {@link #perTokenLoss}
     */
    public static Objective objective(NDArray logProbs, NDArray oldLogProbs, NDArray referenceLogProbs, NDArray advantages,
            ValidTokens tokens, double clipEpsilon, double beta) {
        check(logProbs, oldLogProbs, referenceLogProbs, advantages, tokens, clipEpsilon, beta);
        Terms terms = terms(logProbs, oldLogProbs, referenceLogProbs, advantages, tokens, clipEpsilon, beta);
        return new Objective(tokens.sequenceMean(terms.loss), tokens.sequenceMean(terms.k3.stopGradient()),
                tokens.sequenceMean(terms.clipped));
    }

    /**
     * {@link #objective} in double precision; per-token arrays are (rows, width) row-major and padding is not read.
     *
     * @throws IllegalArgumentException on lengths other than rows x width (per token) and rows (advantages), a
     *     non-finite real token or advantage, or ε or β out of range
     */
    public static Values values(double[] logProbs, double[] oldLogProbs, double[] referenceLogProbs, double[] advantages,
            ValidTokens tokens, double clipEpsilon, double beta) {
        checkSettings(tokens, clipEpsilon, beta);
        tokens.checkRealTokens("logProbs", logProbs);
        tokens.checkRealTokens("oldLogProbs", oldLogProbs);
        tokens.checkRealTokens("referenceLogProbs", referenceLogProbs);
        Checks.finite("advantages", advantages);
        Checks.length("advantages", advantages.length, tokens.rows(), "one per row");
        int width = tokens.width();
        int[] lengths = tokens.lengths();
        double[] loss = new double[logProbs.length];
        double[] kl = new double[logProbs.length];
        double[] clipped = new double[logProbs.length];
        for (int b = 0; b < tokens.rows(); b++) {
            double a = advantages[b];
            for (int t = 0; t < lengths[b]; t++) {
                int i = b * width + t;
                double ratio = Math.exp(logProbs[i] - oldLogProbs[i]);
                double clippedRatio = Math.max(1 - clipEpsilon, Math.min(1 + clipEpsilon, ratio));
                kl[i] = k3(logProbs[i], referenceLogProbs[i]);
                loss[i] = -Math.min(ratio * a, clippedRatio * a) + beta * kl[i];
                clipped[i] = Math.abs(ratio - 1) > clipEpsilon ? 1 : 0;
            }
        }
        return new Values(tokens.sequenceMean(loss), tokens.sequenceMean(kl), tokens.sequenceMean(clipped));
    }

    private record Terms(NDArray loss, NDArray k3, NDArray clipped) {}

    private static Terms terms(NDArray logProbs, NDArray oldLogProbs, NDArray referenceLogProbs, NDArray advantages,
            ValidTokens tokens, double clipEpsilon, double beta) {
        NDArray mask = tokens.mask(logProbs);
        NDArray logRatio = logProbs.sub(oldLogProbs).mul(mask);
        NDArray ratio = logRatio.exp();
        NDArray surrogate = PpoLoss.clippedSurrogate(ratio, advantages.reshape(tokens.rows(), 1), clipEpsilon);
        // k3 of the masked log-ratio: padding's log-ratio is 0, so its k3 is exactly 0.
        NDArray referenceLogRatio = referenceLogProbs.sub(logProbs).mul(mask);
        NDArray k3 = PpoLoss.approxKl(referenceLogRatio.exp(), referenceLogRatio);
        NDArray loss = surrogate.add(Scalars.times(k3, (float) beta)).mul(mask);
        return new Terms(loss, k3, PpoLoss.ratioClipped(ratio, clipEpsilon));
    }

    private static void check(NDArray logProbs, NDArray oldLogProbs, NDArray referenceLogProbs, NDArray advantages,
            ValidTokens tokens, double clipEpsilon, double beta) {
        checkSettings(tokens, clipEpsilon, beta);
        Shape rows = tokens.shape();
        String perToken = "rows x width of the tokens";
        Checks.shape("logProbs", logProbs, rows, perToken);
        Checks.shape("oldLogProbs", oldLogProbs, rows, perToken);
        Checks.shape("referenceLogProbs", referenceLogProbs, rows, perToken);
        Checks.shape("advantages", advantages, new Shape(tokens.rows()), "one per row");
        Checks.finite("logProbs", logProbs);
        Checks.finite("oldLogProbs", oldLogProbs);
        Checks.finite("referenceLogProbs", referenceLogProbs);
        Checks.finite("advantages", advantages);
    }

    private static void checkSettings(ValidTokens tokens, double clipEpsilon, double beta) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must say which positions are real, got null");
        }
        Checks.positive("clipEpsilon", clipEpsilon);
        Checks.nonNegative("beta", beta);
    }
}
