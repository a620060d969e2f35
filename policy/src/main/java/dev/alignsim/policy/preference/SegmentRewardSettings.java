package dev.alignsim.policy.preference;

/**
 * The control worlds' reward model and how it trains.
 *
 * @param hidden hidden layer sizes of each member's MLP over (observation, action)
 * @param ensembleSize independently initialised and shuffled members; their disagreement can choose the pairs
 * @param epochs passes over each round's comparisons (the new ones and the replayed ones)
 * @param batchSize comparisons per minibatch
 * @param learningRate Adam's learning rate
 * @param maxGradNorm global gradient-norm clip
 * @param scale what the output is divided by (see {@link SegmentRewardModel})
 */
public record SegmentRewardSettings(int[] hidden, int ensembleSize, int epochs, int batchSize, double learningRate,
        double maxGradNorm, Scale scale) {

    /** The output's normalisation on the latest rollout: its root mean square (the default) or its standard deviation. */
    public enum Scale { RMS, STD }

    public SegmentRewardSettings {
        hidden = hidden.clone();
        if (scale == null) {
            throw new IllegalArgumentException("feedback.rm.scale must be rms or std");
        }
        if (hidden.length < 1) {
            throw new IllegalArgumentException("feedback.rm.hidden must list at least one layer size");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("feedback.rm.hidden sizes must be >= 1, got " + h);
            }
        }
        if (ensembleSize < 1) {
            throw new IllegalArgumentException("feedback.rm.ensemble_size must be >= 1, got " + ensembleSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("feedback.rm.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("feedback.rm.batch_size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("feedback.rm.learning_rate must be positive and finite, got " + learningRate);
        }
        if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException("feedback.rm.max_grad_norm must be positive and finite, got " + maxGradNorm);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }
}
