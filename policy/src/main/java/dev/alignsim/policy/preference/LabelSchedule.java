package dev.alignsim.policy.preference;

/**
 * When labels are asked for, as in Christiano et al. 2017: an initial batch on the first rollout (the untrained
 * policy's), then the rest spread over training at a rate that falls as {@code 1 / (1 + steps / decaySteps)}, so that
 * the reward model learns most while the policy changes most. Iteration i's labels are the growth of the cumulative
 * count {@code initial + (total - initial) * log(1 + s / decay) / log(1 + S / decay)} between the env steps at the
 * end of iterations i - 1 and i (S the run's steps), rounded down; every label is given by the last iteration.
 *
 * @param totalLabels comparisons over the whole run
 * @param initialLabels of which on the first rollout
 * @param totalSteps the run's environment steps
 * @param decaySteps the steps after which the rate has halved
 */
public record LabelSchedule(int totalLabels, int initialLabels, long totalSteps, long decaySteps) {
    public LabelSchedule {
        if (totalLabels < 1) {
            throw new IllegalArgumentException("feedback.labels must be >= 1, got " + totalLabels);
        }
        if (initialLabels < 0 || initialLabels > totalLabels) {
            throw new IllegalArgumentException("feedback.initial_labels must be in [0, feedback.labels = " + totalLabels + "], got "
                    + initialLabels);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total_timesteps must be >= 1, got " + totalSteps);
        }
        if (decaySteps < 1) {
            throw new IllegalArgumentException("feedback.label_decay_steps must be >= 1, got " + decaySteps);
        }
    }

    /** Labels asked for by the end of the iteration that ends at {@code envSteps} (0 before the first). */
    public int labelsBy(long envSteps) {
        if (envSteps <= 0) {
            return 0;
        }
        if (envSteps >= totalSteps) {
            return totalLabels;
        }
        double share = Math.log1p((double) envSteps / decaySteps) / Math.log1p((double) totalSteps / decaySteps);
        return initialLabels + (int) Math.floor((totalLabels - initialLabels) * share);
    }

    /** Labels asked for in iteration {@code iteration} (from 1) of batches of {@code batchSize} steps. */
    public int labelsIn(int iteration, int batchSize) {
        return labelsBy((long) iteration * batchSize) - labelsBy((long) (iteration - 1) * batchSize);
    }
}
