package dev.alignsim.policy.ppo;

/** Batch statistics PPO reports and uses, computed in double precision. */
public final class BatchStatistics {
    private BatchStatistics() {}

    /** {@code 1 - Var(returns - values) / Var(returns)}; NaN when the returns do not vary (as CleanRL). */
    public static double explainedVariance(float[] values, float[] returns) {
        double varReturns = variance(returns, null);
        if (varReturns == 0) {
            return Double.NaN;
        }
        return 1.0 - variance(returns, values) / varReturns;
    }

    /** Population variance of {@code a - b} ({@code b} may be null), as numpy's {@code var}. */
    static double variance(float[] a, float[] b) {
        double mean = 0;
        for (int i = 0; i < a.length; i++) {
            mean += a[i] - (b == null ? 0 : b[i]);
        }
        mean /= a.length;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - (b == null ? 0 : b[i]) - mean;
            sum += d * d;
        }
        return sum / a.length;
    }

    /**
     * Whitens {@code values} in place as CleanRL does per minibatch: {@code (x - mean) / (std + 1e-8)} with
     * the unbiased standard deviation of {@code torch.std}.
     */
    public static void whiten(float[] values) {
        int n = values.length;
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= n;
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        double std = n > 1 ? Math.sqrt(sum / (n - 1)) : 0;
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((values[i] - mean) / (std + 1e-8));
        }
    }
}
