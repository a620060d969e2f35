package dev.alignsim.policy.rm;

/**
 * Reward-model training.
 *
 * @param epochs passes over the comparisons
 * @param batchSize prompts (rankings) per minibatch; each brings its K responses and C(K,2) pairs
 * @param learningRate Adam's learning rate
 * @param maxGradNorm global gradient-norm clip
 * @param margin required score gap in the Bradley-Terry loss (0 for none)
 * @param ensembleSize independently initialised and shuffled members; their spread measures uncertainty
 * @param initFromSft start each member's encoder from the SFT policy's (InstructGPT) rather than at random
 * @param perGroup one member per user group, each trained only on its group's rankings, their scores combined by the
 *     groups' shares of the users ({@code chat.rm.per_group}; who belongs to which group is the caller's to say:
 *     {@link RewardEnsemble#trainEach}, {@link RewardEnsemble#RewardEnsemble(dev.alignsim.policy.seq.SequenceModelSpec,
 *     RewardSettings, ai.djl.Device, long, double[])})
 */
public record RewardSettings(int epochs, int batchSize, double learningRate, double maxGradNorm, double margin,
        int ensembleSize, boolean initFromSft, boolean perGroup) {

    /** Settings of one reward for everyone: every member trains on every ranking. */
    public RewardSettings(int epochs, int batchSize, double learningRate, double maxGradNorm, double margin, int ensembleSize,
            boolean initFromSft) {
        this(epochs, batchSize, learningRate, maxGradNorm, margin, ensembleSize, initFromSft, false);
    }

    /** The same settings with {@code members} members. */
    public RewardSettings withEnsembleSize(int members) {
        return new RewardSettings(epochs, batchSize, learningRate, maxGradNorm, margin, members, initFromSft, perGroup);
    }

    public RewardSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("rm.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("rm.batch_size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("rm.learning_rate must be positive and finite, got " + learningRate);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("rm.max_grad_norm must be positive, got " + maxGradNorm);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("rm.margin must be finite and >= 0, got " + margin);
        }
        if (ensembleSize < 1) {
            throw new IllegalArgumentException("rm.ensemble_size must be >= 1, got " + ensembleSize);
        }
    }
}
