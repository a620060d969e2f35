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

    /**
     * One more round of candidates, one per prompt: where {@code candidates[i]} beats {@code best[i]} strictly,
     * {@code best[i]} becomes it. Starting from {@link Double#NEGATIVE_INFINITY} and offered rounds 0 .. n-1 (round j:
     * every prompt's j-th sample), {@code best[i]} is the reward of the candidate {@link #bestPerPrompt} picks among
     * prompt i's first n, and the last round marked for i is that candidate's: on a tie the earlier stays. So the
     * best of n grows with n sample by sample, and its reward never falls as n grows.
     *
     * @return for each prompt, whether this round's candidate is now its best
     * @throws IllegalArgumentException when the lengths differ or a candidate is not finite
     */
    public static boolean[] keepBest(double[] best, double[] candidates) {
        Checks.finite("candidates", candidates);
        Checks.length("candidates", candidates.length, best.length, "one per prompt");
        boolean[] improved = new boolean[best.length];
        for (int i = 0; i < best.length; i++) {
            if (candidates[i] > best[i]) {
                best[i] = candidates[i];
                improved[i] = true;
            }
        }
        return improved;
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
