package dev.alignsim.policy.ppo;

/**
 * PPO's hyper-parameters, named as in CleanRL's {@code ppo.py}; {@link #cleanRl()} gives its defaults.
 *
 * @param learningRate Adam's initial learning rate
 * @param annealLr whether the learning rate falls linearly to 0 over the run
 * @param gamma discount factor
 * @param gaeLambda GAE's lambda
 * @param numMinibatches minibatches per epoch
 * @param updateEpochs epochs over each batch
 * @param normAdv whether advantages are whitened per minibatch
 * @param clipCoef the surrogate's clip range
 * @param clipVloss whether the value loss is clipped too
 * @param entCoef entropy bonus coefficient
 * @param vfCoef value loss coefficient
 * @param maxGradNorm global gradient-norm clip (per network)
 * @param targetKl approx-KL early stop threshold; {@code NaN} for none
 * @param adamEpsilon Adam's epsilon
 */
public record PpoSettings(
        double learningRate,
        boolean annealLr,
        double gamma,
        double gaeLambda,
        int numMinibatches,
        int updateEpochs,
        boolean normAdv,
        double clipCoef,
        boolean clipVloss,
        double entCoef,
        double vfCoef,
        double maxGradNorm,
        double targetKl,
        double adamEpsilon) {

    public PpoSettings {
        require(learningRate > 0, "learning_rate", "> 0", learningRate);
        require(gamma >= 0 && gamma <= 1, "gamma", "in [0, 1]", gamma);
        require(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda", "in [0, 1]", gaeLambda);
        require(numMinibatches >= 1, "num_minibatches", ">= 1", numMinibatches);
        require(updateEpochs >= 1, "update_epochs", ">= 1", updateEpochs);
        require(clipCoef > 0, "clip_coef", "> 0", clipCoef);
        require(entCoef >= 0, "ent_coef", ">= 0", entCoef);
        require(vfCoef > 0, "vf_coef", "> 0", vfCoef);
        require(maxGradNorm > 0, "max_grad_norm", "> 0", maxGradNorm);
        require(Double.isNaN(targetKl) || targetKl > 0, "target_kl", "> 0 (or none)", targetKl);
        require(adamEpsilon > 0, "adam_epsilon", "> 0", adamEpsilon);
    }

    /** CleanRL {@code ppo.py}'s defaults. */
    public static PpoSettings cleanRl() {
        return new PpoSettings(2.5e-4, true, 0.99, 0.95, 4, 4, true, 0.2, true, 0.01, 0.5, 0.5, Double.NaN, 1e-5);
    }

    public boolean hasTargetKl() {
        return !Double.isNaN(targetKl);
    }

    /** The learning rate of iteration {@code iteration} (1-based) of {@code iterations}, as CleanRL anneals it. */
    public double learningRateAt(int iteration, int iterations) {
        if (!annealLr) {
            return learningRate;
        }
        double frac = 1.0 - (iteration - 1.0) / iterations;
        return frac * learningRate;
    }

    private static void require(boolean ok, String key, String expected, double actual) {
        if (!ok) {
            throw new IllegalArgumentException("ppo." + key + " must be " + expected + ", got " + actual);
        }
    }
}
