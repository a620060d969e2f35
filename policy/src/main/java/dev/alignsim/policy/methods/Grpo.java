package dev.alignsim.policy.methods;

/**
 * GRPO's outcome advantages (Shao et al. 2024, §4.1.2): the G samples of one prompt form a group, and each
 * sample's advantage is its reward normalised within the group, {@code (r_i - mean) / (std + eps)}, so no critic is
 * needed and every prompt contributes on the same scale. Every token of a sample gets its sample's advantage.
 *
 * <p>The std is the <em>sample</em> standard deviation (divisor G - 1), as TRL's GRPOTrainer computes it with
 * {@code torch.std}'s default; the paper only says "standard deviation". eps keeps a group of equal rewards (std 0, or
 * a rounding error away from it) from dividing by 0: its advantages are 0, or as near 0 as the rounding. Rewards are flat and group-major: group g is {@code [g G, (g + 1) G)}.
 */
public final class Grpo {
    /** TRL's eps, added to the std. */
    public static final double DEFAULT_EPS = 1e-4;

    private static final String WHY = "the sample standard deviation of a group divides by G - 1";

    private Grpo() {}

    /**
     * Group-normalised advantages.
     *
     * @param groupSize G, the samples per prompt, at least 2
     * @param eps added to each group's std, positive and finite ({@link #DEFAULT_EPS})
     * @throws IllegalArgumentException when G < 2, the rewards are empty, not a multiple of G, or not finite, or eps
     *     is not positive and finite
     */
    public static double[] advantages(double[] rewards, int groupSize, double eps) {
        Checks.groups("rewards", rewards, groupSize, "GRPO", "G", WHY);
        Checks.positive("eps", eps);
        double[] advantages = new double[rewards.length];
        for (int start = 0; start < rewards.length; start += groupSize) {
            double mean = 0;
            for (int i = start; i < start + groupSize; i++) {
                mean += rewards[i];
            }
            mean /= groupSize;
            double squares = 0;
            for (int i = start; i < start + groupSize; i++) {
                squares += (rewards[i] - mean) * (rewards[i] - mean);
            }
            double std = Math.sqrt(squares / (groupSize - 1));
            for (int i = start; i < start + groupSize; i++) {
                advantages[i] = (rewards[i] - mean) / (std + eps);
            }
        }
        return advantages;
    }
}
