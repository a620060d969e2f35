package dev.alignsim.policy.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Scalars;
import java.util.Arrays;

/**
 * Which positions of padded response rows are real tokens: rows of {@code width} positions, row-major, of which
 * the first {@code lengths[b]} of row b are real (EOS included) and the rest padding that takes no part. Two ways
 * to average a per-token quantity over them, since the methods differ:
 *
 * <ul>
 *   <li>{@link #sequenceMean}: each row's mean over its own tokens, then the mean over rows, GRPO's
 *       {@code 1/G Σ_i 1/|o_i| Σ_t} (Shao et al. 2024, eq. 3): every response weighs the same, whatever its length;</li>
 *   <li>{@link #tokenMean}: one mean over all real tokens of the batch (DAPO; the RLHF learners' masked mean): every
 *       token weighs the same, so long responses weigh more.</li>
 * </ul>
 *
 * The array forms multiply by the mask, so padding must hold finite numbers (0 × NaN is NaN); the double forms
 * never read padding.
 */
public final class ValidTokens {
    private final int[] lengths;
    private final int width;
    private final int tokens;

    private ValidTokens(int[] lengths, int width, int tokens) {
        this.lengths = lengths;
        this.width = width;
        this.tokens = tokens;
    }

    /**
     * Rows of {@code width} positions with {@code lengths[b]} real tokens in row b.
     *
     * @throws IllegalArgumentException when there are no rows, width < 1, or a length is outside 1..width
     */
    public static ValidTokens of(int[] lengths, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1 token position, got " + width);
        }
        if (lengths == null || lengths.length == 0) {
            throw new IllegalArgumentException("lengths must hold one length per row, at least one row, got "
                    + (lengths == null ? "null" : "none"));
        }
        int tokens = 0;
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > width) {
                throw new IllegalArgumentException("lengths[" + b + "] is " + lengths[b] + "; expected 1.." + width
                        + " (a response has at least one real token and at most width)");
            }
            tokens += lengths[b];
        }
        return new ValidTokens(lengths.clone(), width, tokens);
    }

    public int rows() {
        return lengths.length;
    }

    public int width() {
        return width;
    }

    /** The number of real tokens over all rows. */
    public int tokens() {
        return tokens;
    }

    /** Each row's number of real tokens (a copy). */
    public int[] lengths() {
        return lengths.clone();
    }

    /** Whether position t of row b is a real token. */
    public boolean isReal(int row, int t) {
        return t < lengths[row];
    }

    /** 1 at real tokens, 0 at padding, (rows, width) row-major. */
    public float[] mask() {
        float[] mask = new float[lengths.length * width];
        for (int b = 0; b < lengths.length; b++) {
            Arrays.fill(mask, b * width, b * width + lengths[b], 1f);
        }
        return mask;
    }

    /** {@link #mask()} as a (rows, width) array in {@code like}'s manager and on its device. */
    public NDArray mask(NDArray like) {
        return like.getManager().create(mask(), shape()).toDevice(like.getDevice(), false);
    }

    /** (rows, width). */
    public Shape shape() {
        return new Shape(lengths.length, width);
    }

    /**
     * Each row's mean over its real tokens, then the mean over rows; a scalar, differentiable in {@code perToken}.
     *
     * @throws IllegalArgumentException when {@code perToken} is not (rows, width)
     */
    public NDArray sequenceMean(NDArray perToken) {
        Checks.shape("perToken", perToken, shape(), "rows x width of these tokens");
        float[] inverseLengths = new float[lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            inverseLengths[b] = 1f / lengths[b];
        }
        NDArray perRow = perToken.mul(mask(perToken)).sum(new int[] {1})
                .mul(perToken.getManager().create(inverseLengths).toDevice(perToken.getDevice(), false));
        return perRow.mean();
    }

    /**
     * One mean over every real token of the batch; a scalar, differentiable in {@code perToken}.
     *
     * @throws IllegalArgumentException when {@code perToken} is not (rows, width)
     */
    public NDArray tokenMean(NDArray perToken) {
        Checks.shape("perToken", perToken, shape(), "rows x width of these tokens");
        return Scalars.times(perToken.mul(mask(perToken)).sum(), 1f / tokens);
    }

    /**
     * {@link #sequenceMean(NDArray)} in double precision.
     *
     * @throws IllegalArgumentException when {@code perToken} does not hold rows x width values or a real token's is
     *     not finite
     */
    public double sequenceMean(double[] perToken) {
        checkRealTokens("perToken", perToken);
        double sum = 0;
        for (int b = 0; b < lengths.length; b++) {
            double row = 0;
            for (int t = 0; t < lengths[b]; t++) {
                row += perToken[b * width + t];
            }
            sum += row / lengths[b];
        }
        return sum / lengths.length;
    }

    /**
     * {@link #tokenMean(NDArray)} in double precision.
     *
     * @throws IllegalArgumentException when {@code perToken} does not hold rows x width values or a real token's is
     *     not finite
     */
    public double tokenMean(double[] perToken) {
        checkRealTokens("perToken", perToken);
        double sum = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                sum += perToken[b * width + t];
            }
        }
        return sum / tokens;
    }

    /** {@code values} holds rows x width numbers, finite at every real token (padding is not read). */
    void checkRealTokens(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must be an array, got null");
        }
        Checks.length(name, values.length, lengths.length * width, "rows x width = " + lengths.length + " x " + width);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                double v = values[b * width + t];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + "[" + (b * width + t) + "] (row " + b + ", token " + t + ") is " + v
                            + "; expected a finite number");
                }
            }
        }
    }
}
