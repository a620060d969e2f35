package dev.alignsim.policy.methods;

/**
 * Best-of-n sampling: draw n responses from the policy and keep the one the reward model scores highest. It needs
 * no training, and its KL from the sampling policy is known in closed form, {@code log n - (n - 1) / n} (Stiennon et
 * al. 2020), which lets it stand on the same KL axis as RL (Gao et al. 2023). Beirami et al. (2024) show the formula
 * is an upper bound on the true KL, so best-of-n is, if anything, closer to π than it says.
 */
public final class BestOfN {
    private BestOfN() {}

    /**
     * The analytic KL(best-of-n || π) in nats: 0 at n = 1, growing as log n.
     *
     * @throws IllegalArgumentException when n < 1
     */
    public static double kl(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1 sample, got " + n);
        }
        return Math.log(n) - (n - 1.0) / n;
    }

    /**
     * The index of the highest reward; on a tie, the first, so that the choice does not depend on anything but
     * the order the candidates were drawn in.
     *
     * @throws IllegalArgumentException when the rewards are empty or not finite
     */
    public static int best(double[] rewards) {
        Checks.finite("rewards", rewards);
        return bestIn(rewards, 0, rewards.length);
    }

    /**
     * {@link #best} within each prompt's n candidates, for rewards flat and prompt-major; the returned indices are
     * into {@code rewards}, one per prompt.
     *
     * @throws IllegalArgumentException when n < 1, or the rewards are empty, not a multiple of n, or not finite
     */
    public static int[] bestPerPrompt(double[] rewards, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1 candidate per prompt, got " + n);
        }
        Checks.finite("rewards", rewards);
        if (rewards.length % n != 0) {
            throw new IllegalArgumentException("rewards holds " + rewards.length + " values; expected a multiple of n = " + n
                    + " (n candidates per prompt, prompt-major)");
        }
        int[] best = new int[rewards.length / n];
        for (int p = 0; p < best.length; p++) {
            best[p] = bestIn(rewards, p * n, (p + 1) * n);
        }
        return best;
    }

    private static int bestIn(double[] rewards, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (rewards[i] > rewards[best]) {
                best = i;
            }
        }
        return best;
    }
}
