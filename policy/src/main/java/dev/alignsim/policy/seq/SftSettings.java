package dev.alignsim.policy.seq;

/**
 * Supervised fine-tuning on demonstrations.
 *
 * @param epochs passes over the demonstrations
 * @param batchSize demonstrations per minibatch
 * @param learningRate Adam's learning rate
 * @param maxGradNorm global gradient-norm clip
 */
public record SftSettings(int epochs, int batchSize, double learningRate, double maxGradNorm) {
    public SftSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("sft.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("sft.batch_size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("sft.learning_rate must be positive and finite, got " + learningRate);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("sft.max_grad_norm must be positive, got " + maxGradNorm);
        }
    }
}
