package dev.alignsim.policy.ppo;

/**
 * Generalised advantage estimation over a rollout of {@code steps x envs}, laid out time-major
 * ({@code index = t * envs + e}). Terminations and truncations are kept apart: a terminated step's next value
 * is 0; a truncated step's next value is the critic's estimate of the observation the episode ended in
 * (the time limit is not part of the task); either way the advantage does not flow across the reset.
 */
public final class Gae {
    private Gae() {}

    /** Advantages and returns (= advantages + values). */
    public record Result(float[] advantages, float[] returns) {}

    /**
     * @param rewards r_t
     * @param values V(s_t)
     * @param terminated whether step t ended the episode by the task's rule
     * @param truncated whether step t ended the episode by the time limit
     * @param finalValues V(final observation) of step t, read only where {@code truncated[t] && !terminated[t]}
     * @param bootstrapValues V(s_T) per env: the observation after the last step of the rollout
     */
    public static Result compute(int steps, int envs, float[] rewards, float[] values, boolean[] terminated,
            boolean[] truncated, float[] finalValues, float[] bootstrapValues, double gamma, double lambda) {
        int n = steps * envs;
        if (rewards.length != n || values.length != n || terminated.length != n || truncated.length != n
                || finalValues.length != n || bootstrapValues.length != envs) {
            throw new IllegalArgumentException("GAE inputs must hold steps x envs = " + n + " entries (bootstrap: " + envs + ")");
        }
        float[] advantages = new float[n];
        float[] returns = new float[n];
        for (int e = 0; e < envs; e++) {
            double nextAdvantage = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int i = t * envs + e;
                boolean ended = terminated[i] || truncated[i];
                double nextValue;
                if (terminated[i]) {
                    nextValue = 0;
                } else if (truncated[i]) {
                    nextValue = finalValues[i];
                } else if (t == steps - 1) {
                    nextValue = bootstrapValues[e];
                } else {
                    nextValue = values[i + envs];
                }
                double delta = rewards[i] + gamma * nextValue - values[i];
                double advantage = delta + (ended ? 0 : gamma * lambda * nextAdvantage);
                advantages[i] = (float) advantage;
                returns[i] = (float) (advantage + values[i]);
                nextAdvantage = advantage;
            }
        }
        return new Result(advantages, returns);
    }
}
