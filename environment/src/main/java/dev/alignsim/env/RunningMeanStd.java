package dev.alignsim.env;

import java.util.Arrays;

/**
 * Running mean and variance of vectors of {@link #dim()} values, merged batch by batch with the parallel algorithm
 * (Chan et al.), exactly as Gymnasium's {@code RunningMeanStd} ({@code gymnasium/wrappers/utils.py}, formerly
 * {@code normalize.py}): mean 0, variance 1 and count {@code epsilon = 1e-4} to start, then
 * {@code update_mean_var_count_from_moments} for every batch. The variance is the population variance (NumPy's
 * {@code np.var}, {@code ddof=0}).
 *
 * <p>Everything is float64. (Gymnasium 1.x's vector {@code NormalizeObservation} keeps these statistics in the
 * observation dtype, float32; we keep float64 as Gymnasium's single-env wrapper and the 0.x wrappers do.) The batch
 * moments are summed row by row in order, with no per-update allocation. Not thread-safe.
 */
public final class RunningMeanStd {

    /** Gymnasium's starting count: a tiny prior of mean 0 and variance 1, so the first division is safe. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private final int dim;
    private final double[] mean;
    private final double[] var;
    private double count;
    // Batch moments, reused across updates.
    private final double[] batchMean;
    private final double[] batchVar;

    /** Statistics of {@code dim} values each, starting at mean 0, variance 1, count {@link #DEFAULT_EPSILON}. */
    public RunningMeanStd(int dim) {
        this(dim, DEFAULT_EPSILON);
    }

    /** As {@link #RunningMeanStd(int)} with starting count {@code epsilon} (Gymnasium's {@code epsilon} argument). */
    public RunningMeanStd(int dim, double epsilon) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon (starting count) must be positive and finite, got " + epsilon);
        }
        this.dim = dim;
        this.mean = new double[dim];
        this.var = new double[dim];
        Arrays.fill(var, 1.0);
        this.count = epsilon;
        this.batchMean = new double[dim];
        this.batchVar = new double[dim];
    }

    private double[] widened = new double[0];

    public int dim() {
        return dim;
    }

    /** Merges a batch of rows stored flat, row-major: {@code batch.length / dim} rows of {@code dim} values. */
    public void update(float[] batch) {
        // Widen into a reused buffer so that both precisions share one computation and a step allocates nothing.
        if (widened.length < batch.length) {
            widened = new double[batch.length];
        }
        for (int i = 0; i < batch.length; i++) {
            widened[i] = batch[i];
        }
        update(widened, batch.length);
    }

    /** Merges a batch of rows stored flat, row-major: {@code batch.length / dim} rows of {@code dim} values. */
    public void update(double[] batch) {
        update(batch, batch.length);
    }

    private void update(double[] batch, int length) {
        int rows = rows(length);
        Arrays.fill(batchMean, 0.0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                batchMean[j] += batch[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            batchMean[j] /= rows;
        }
        Arrays.fill(batchVar, 0.0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                double d = batch[r * dim + j] - batchMean[j];
                batchVar[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            batchVar[j] /= rows;
        }
        updateFromMoments(batchMean, batchVar, rows);
    }

    /**
     * Merges a batch given by its moments: Gymnasium's {@code update_mean_var_count_from_moments}, term for term.
     *
     * @param batchMean per-dimension mean of the batch
     * @param batchVar per-dimension population variance of the batch
     * @param batchCount number of rows in the batch, positive
     */
    public void updateFromMoments(double[] batchMean, double[] batchVar, double batchCount) {
        checkLength("batchMean", batchMean);
        checkLength("batchVar", batchVar);
        if (!(batchCount > 0)) {
            throw new IllegalArgumentException("batchCount must be positive, got " + batchCount);
        }
        double totCount = count + batchCount;
        for (int j = 0; j < dim; j++) {
            double delta = batchMean[j] - mean[j];
            double newMean = mean[j] + delta * batchCount / totCount;
            double mA = var[j] * count;
            double mB = batchVar[j] * batchCount;
            double m2 = mA + mB + (delta * delta) * count * batchCount / totCount;
            mean[j] = newMean;
            var[j] = m2 / totCount;
        }
        count = totCount;
    }

    /** The running mean of dimension {@code j}. */
    public double mean(int j) {
        return mean[j];
    }

    /** The running (population) variance of dimension {@code j}. */
    public double var(int j) {
        return var[j];
    }

    /** A copy of the running means. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the running variances. */
    public double[] var() {
        return var.clone();
    }

    /** The number of values merged so far, plus the starting epsilon. */
    public double count() {
        return count;
    }

    /**
     * Replaces the statistics, e.g. to restore a checkpoint or to give an evaluation env the training statistics.
     *
     * @throws IllegalArgumentException on a wrong length, a negative or non-finite variance, or a non-positive count
     */
    public void setState(double[] mean, double[] var, double count) {
        checkLength("mean", mean);
        checkLength("var", var);
        for (int j = 0; j < dim; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean[" + j + "] is not finite: " + mean[j]);
            }
            if (!(var[j] >= 0) || Double.isInfinite(var[j])) {
                throw new IllegalArgumentException("var[" + j + "] must be finite and >= 0, got " + var[j]);
            }
        }
        if (!(count > 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("count must be positive and finite, got " + count);
        }
        System.arraycopy(mean, 0, this.mean, 0, dim);
        System.arraycopy(var, 0, this.var, 0, dim);
        this.count = count;
    }

    /** Copies the statistics of {@code other}, which must have the same {@link #dim()}. */
    public void copyFrom(RunningMeanStd other) {
        setState(other.mean, other.var, other.count);
    }

    /** An independent copy of these statistics. */
    public RunningMeanStd copy() {
        RunningMeanStd copy = new RunningMeanStd(dim);
        copy.copyFrom(this);
        return copy;
    }

    private int rows(int length) {
        if (length == 0 || length % dim != 0) {
            throw new IllegalArgumentException(
                    "batch length must be a positive multiple of dim " + dim + ", got " + length);
        }
        return length / dim;
    }

    private void checkLength(String name, double[] values) {
        if (values.length != dim) {
            throw new IllegalArgumentException(name + " must have " + dim + " values, got " + values.length);
        }
    }

    @Override
    public String toString() {
        return "RunningMeanStd(mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + ", count=" + count + ")";
    }
}
