package dev.alignsim.policy.nn;

import dev.alignsim.env.Rng;

/**
 * Orthogonal initialisation as {@code torch.nn.init.orthogonal_}: QR of a Gaussian matrix, signs fixed by
 * the diagonal of R, scaled by a gain. Computed in Java from our own seeded {@link Rng} so that a run's
 * initial weights depend on its seed alone, not on the engine's global generator.
 */
public final class OrthogonalInit {
    private OrthogonalInit() {}

    /** A {@code rows x cols} row-major matrix with orthonormal rows or columns (whichever are fewer), times gain. */
    public static float[] matrix(int rows, int cols, double gain, Rng rng) {
        boolean transposed = rows < cols;
        int tall = Math.max(rows, cols);
        int wide = Math.min(rows, cols);
        // Columns of a tall x wide Gaussian matrix, orthonormalised by modified Gram-Schmidt (= thin QR).
        double[][] columns = new double[wide][tall];
        for (int r = 0; r < tall; r++) {
            for (int c = 0; c < wide; c++) {
                columns[c][r] = rng.nextGaussian();
            }
        }
        for (int c = 0; c < wide; c++) {
            double[] q = columns[c];
            for (int p = 0; p < c; p++) {
                double dot = dot(columns[p], q);
                for (int r = 0; r < tall; r++) {
                    q[r] -= dot * columns[p][r];
                }
            }
            // R's diagonal entry is the norm before normalising: positive, so q keeps its sign (torch's sign fix).
            double norm = Math.sqrt(dot(q, q));
            for (int r = 0; r < tall; r++) {
                q[r] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double value = transposed ? columns[r][c] : columns[c][r];
                out[r * cols + c] = (float) (gain * value);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
