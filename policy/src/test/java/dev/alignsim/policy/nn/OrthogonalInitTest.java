package dev.alignsim.policy.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alignsim.env.Rng;
import org.junit.jupiter.api.Test;

class OrthogonalInitTest {

    private static double dotOfRows(float[] m, int cols, int a, int b) {
        double s = 0;
        for (int c = 0; c < cols; c++) {
            s += m[a * cols + c] * m[b * cols + c];
        }
        return s;
    }

    @Test
    void shouldHaveOrthogonalRowsWithGainSquaredNormWhenWide() {
        int rows = 4;
        int cols = 64;
        float[] m = OrthogonalInit.matrix(rows, cols, Math.sqrt(2), new Rng(1));
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < rows; b++) {
                assertEquals(a == b ? 2.0 : 0.0, dotOfRows(m, cols, a, b), 1e-5);
            }
        }
    }

    @Test
    void shouldHaveOrthonormalColumnsWhenTall() {
        int rows = 64;
        int cols = 4;
        float[] m = OrthogonalInit.matrix(rows, cols, 1.0, new Rng(2));
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < cols; b++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += m[r * cols + a] * m[r * cols + b];
                }
                assertEquals(a == b ? 1.0 : 0.0, s, 1e-5);
            }
        }
    }
}
