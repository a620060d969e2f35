package dev.alignsim.policy.ppo;

/**
 * The batch statistics every PPO learner and experiment uses, computed in double precision, for two layouts: a
 * flat batch (one element per sample, the control worlds) and padded token rows (token sequences), where the
 * first {@code lengths[b]} positions of row {@code b} (of {@code width}) are real and the rest is padding that
 * takes no part.
 */
public final class BatchStatistics {
    private BatchStatistics() {}

    /**
     * {@code 1 - Var(returns - values) / Var(returns)}; NaN when the returns do not vary (as CleanRL). Two passes,
     * each difference rounded to float first, as CleanRL's float32 arrays compute it.
     */
    public static double explainedVariance(float[] values, float[] returns) {
        double varReturns = variance(returns, null);
        if (varReturns == 0) {
            return Double.NaN;
        }
        return 1.0 - variance(returns, values) / varReturns;
    }

    /** Population variance of {@code a - b} ({@code b} may be null), as numpy's {@code var}. */
    private static double variance(float[] a, float[] b) {
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
     * {@link #explainedVariance(float[], float[])} over the real tokens of padded rows; NaN when their returns do
     * not vary. The moments are summed in one pass, in double: the flat form's float differences would change the
     * 8th digit of every RLHF run's reported {@code value/explained_variance}, so this form stays as those runs have
     * always computed it.
     */
    public static double explainedVariance(float[] values, float[] returns, int[] lengths, int width) {
        double sumReturns = 0;
        double sumReturnsSquared = 0;
        double sumErrors = 0;
        double sumErrorsSquared = 0;
        long n = 0;
        for (int row = 0; row < lengths.length; row++) {
            for (int i = row * width; i < row * width + lengths[row]; i++) {
                double ret = returns[i];
                double error = ret - values[i];
                sumReturns += ret;
                sumReturnsSquared += ret * ret;
                sumErrors += error;
                sumErrorsSquared += error * error;
                n++;
            }
        }
        double varReturns = sumReturnsSquared / n - (sumReturns / n) * (sumReturns / n);
        double varErrors = sumErrorsSquared / n - (sumErrors / n) * (sumErrors / n);
        return varReturns > 0 ? 1 - varErrors / varReturns : Double.NaN;
    }

    /**
     * A whitened copy of {@code values}, as CleanRL whitens advantages per minibatch: {@code (x - mean) / (std + 1e-8)}
     * with the unbiased standard deviation of {@code torch.std}.
     */
    public static float[] whiten(float[] values) {
        return whiten(values, wholeRow(values), values.length);
    }

    /** {@link #whiten(float[])} over the real tokens of padded rows: their mean and std; padding stays 0. */
    public static float[] whiten(float[] values, int[] lengths, int width) {
        float[] out = new float[values.length];
        double mean = 0;
        long n = 0;
        for (int row = 0; row < lengths.length; row++) {
            for (int i = row * width; i < row * width + lengths[row]; i++) {
                mean += values[i];
                n++;
            }
        }
        if (n == 0) {
            return out;
        }
        mean /= n;
        double squares = 0;
        for (int row = 0; row < lengths.length; row++) {
            for (int i = row * width; i < row * width + lengths[row]; i++) {
                squares += (values[i] - mean) * (values[i] - mean);
            }
        }
        double std = Math.sqrt(squares / Math.max(1, n - 1));
        for (int row = 0; row < lengths.length; row++) {
            for (int i = row * width; i < row * width + lengths[row]; i++) {
                out[i] = (float) ((values[i] - mean) / (std + 1e-8));
            }
        }
        return out;
    }

    /** A flat batch seen as one padded row without padding. */
    private static int[] wholeRow(float[] values) {
        return new int[] {values.length};
    }
}
