package dev.alignsim.policy.rlhf;

/**
 * PPO on token sequences, named as in CleanRL and TRL.
 *
 * @param learningRate the policy's Adam learning rate
 * @param criticLearningRate the critic's Adam learning rate
 * @param updateEpochs epochs over each batch of responses
 * @param numMinibatches minibatches per epoch (of responses, not tokens)
 * @param clipCoef the surrogate's clip range
 * @param clipValue the value clip range (TRL's cliprange_value)
 * @param entCoef entropy bonus coefficient
 * @param maxGradNorm global gradient-norm clip, per network
 * @param gamma discount over tokens (1 in InstructGPT)
 * @param gaeLambda GAE's lambda (0.95)
 * @param temperature sampling temperature; log-probabilities are taken at the same temperature
 */
public record SequencePpoSettings(double learningRate, double criticLearningRate, int updateEpochs, int numMinibatches,
        double clipCoef, double clipValue, double entCoef, double maxGradNorm, double gamma, double gaeLambda,
        double temperature) {

    public SequencePpoSettings {
        positive("learning_rate", learningRate);
        positive("critic_learning_rate", criticLearningRate);
        positive("clip_coef", clipCoef);
        positive("clip_value", clipValue);
        positive("max_grad_norm", maxGradNorm);
        positive("temperature", temperature);
        if (updateEpochs < 1) {
            throw new IllegalArgumentException("ppo.update_epochs must be >= 1, got " + updateEpochs);
        }
        if (numMinibatches < 1) {
            throw new IllegalArgumentException("ppo.num_minibatches must be >= 1, got " + numMinibatches);
        }
        if (!(entCoef >= 0) || Double.isInfinite(entCoef)) {
            throw new IllegalArgumentException("ppo.ent_coef must be finite and >= 0, got " + entCoef);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("ppo.gamma must be in [0, 1], got " + gamma);
        }
        if (!(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new IllegalArgumentException("ppo.gae_lambda must be in [0, 1], got " + gaeLambda);
        }
    }

    private static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("ppo." + key + " must be positive and finite, got " + value);
        }
    }
}
