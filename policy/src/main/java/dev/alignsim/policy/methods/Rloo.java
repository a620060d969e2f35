package dev.alignsim.policy.methods;

/**
 * REINFORCE leave-one-out (Ahmadian et al. 2024, after Kool et al. 2019): k samples per prompt, each baselined by
 * the mean reward of the other k - 1, {@code b_i = (Σ_j r_j - r_i) / (k - 1)}. Leaving the sample itself out keeps
 * the baseline independent of it, so the advantage {@code r_i - b_i} stays an unbiased policy-gradient weight
 * without a critic. Rewards are flat and prompt-major: prompt p's samples are {@code [p k, (p + 1) k)}.
 */
public final class Rloo {
    private static final String WHY = "the leave-one-out baseline averages the other k - 1 samples";

    private Rloo() {}

    /**
     * Each sample's leave-one-out baseline.
     *
     * @throws IllegalArgumentException when k < 2, the rewards are empty, not a multiple of k, or not finite
     */
    public static double[] baselines(double[] rewards, int k) {
        Checks.groups("rewards", rewards, k, "RLOO", "k", WHY);
        double[] baselines = new double[rewards.length];
        for (int start = 0; start < rewards.length; start += k) {
            double sum = 0;
            for (int i = start; i < start + k; i++) {
                sum += rewards[i];
            }
            for (int i = start; i < start + k; i++) {
                baselines[i] = (sum - rewards[i]) / (k - 1);
            }
        }
        return baselines;
    }

    /**
     * Each sample's advantage {@code r_i - b_i}; within a prompt they sum to 0.
     *
     * @throws IllegalArgumentException as {@link #baselines}
     */
    public static double[] advantages(double[] rewards, int k) {
        double[] advantages = baselines(rewards, k);
        for (int i = 0; i < advantages.length; i++) {
            advantages[i] = rewards[i] - advantages[i];
        }
        return advantages;
    }
}
