package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunningMeanStdTest {

    private static final double EPS_COUNT = 1e-4;

    @Test
    void shouldStartAtMeanZeroVarianceOneAndCountEpsilonWhenNew() {
        RunningMeanStd stats = new RunningMeanStd(3);

        assertArrayEquals(new double[] {0, 0, 0}, stats.mean(), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, stats.var(), 0.0);
        assertEquals(EPS_COUNT, stats.count(), 0.0);
    }

    @Test
    void shouldMatchDirectMeanAndVarianceWhenUpdatedInSeveralBatches() {
        RunningMeanStd stats = new RunningMeanStd(2);
        double[][] batches = {
            {1.0, 10.0, 2.0, 20.0, 4.0, 25.0},
            {-3.0, 5.0},
            {0.5, 7.0, 8.0, -2.0, 6.0, 11.0, 2.5, 13.0},
        };
        for (double[] batch : batches) {
            stats.update(batch);
        }

        for (int j = 0; j < 2; j++) {
            // Direct computation over all values, with Gymnasium's prior: weight 1e-4 at mean 0, variance 1.
            double n = EPS_COUNT;
            double sum = 0;
            for (double[] batch : batches) {
                for (int r = 0; r < batch.length / 2; r++) {
                    sum += batch[2 * r + j];
                    n += 1;
                }
            }
            double mean = sum / n;
            double m2 = EPS_COUNT * (1.0 + mean * mean);
            for (double[] batch : batches) {
                for (int r = 0; r < batch.length / 2; r++) {
                    double d = batch[2 * r + j] - mean;
                    m2 += d * d;
                }
            }
            assertEquals(mean, stats.mean(j), 1e-12, "mean " + j);
            assertEquals(m2 / n, stats.var(j), 1e-12, "var " + j);
        }
        assertEquals(8 + EPS_COUNT, stats.count(), 1e-12);
    }

    @Test
    void shouldApproachPlainSampleStatisticsWhenManyValuesAreMerged() {
        RunningMeanStd stats = new RunningMeanStd(1);
        Rng rng = new Rng(5);
        double[] batch = new double[100];
        double sum = 0;
        double sumSq = 0;
        for (int b = 0; b < 100; b++) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = 3.0 + 2.0 * rng.nextGaussian();
                sum += batch[i];
                sumSq += batch[i] * batch[i];
            }
            stats.update(batch);
        }

        double mean = sum / 10_000;
        assertEquals(mean, stats.mean(0), 1e-6);
        assertEquals(sumSq / 10_000 - mean * mean, stats.var(0), 1e-5);
    }

    @Test
    void shouldApplyGymnasiumMomentFormulaWhenMergingOneBatch() {
        RunningMeanStd stats = new RunningMeanStd(1);
        stats.setState(new double[] {2.0}, new double[] {3.0}, 4.0);

        stats.updateFromMoments(new double[] {5.0}, new double[] {0.5}, 2.0);

        // update_mean_var_count_from_moments: delta 3, tot 6, mean 2 + 3 * 2 / 6 = 3,
        // M2 = 3 * 4 + 0.5 * 2 + 9 * 4 * 2 / 6 = 25, var = 25 / 6.
        assertEquals(3.0, stats.mean(0), 1e-15);
        assertEquals(25.0 / 6.0, stats.var(0), 1e-15);
        assertEquals(6.0, stats.count(), 0.0);
    }

    @Test
    void shouldGiveSameStatisticsWhenFloatAndDoubleBatchesHoldSameValues() {
        RunningMeanStd fromFloats = new RunningMeanStd(2);
        RunningMeanStd fromDoubles = new RunningMeanStd(2);

        fromFloats.update(new float[] {0.5f, -1.25f, 2f, 4f, -3.5f, 0.75f});
        fromDoubles.update(new double[] {0.5, -1.25, 2, 4, -3.5, 0.75});

        assertArrayEquals(fromDoubles.mean(), fromFloats.mean(), 0.0);
        assertArrayEquals(fromDoubles.var(), fromFloats.var(), 0.0);
    }

    @Test
    void shouldRestoreStatisticsWhenStateIsCopied() {
        RunningMeanStd stats = new RunningMeanStd(2);
        stats.update(new double[] {1, 2, 3, 5});
        RunningMeanStd restored = new RunningMeanStd(2);

        restored.setState(stats.mean(), stats.var(), stats.count());

        assertArrayEquals(stats.mean(), restored.mean(), 0.0);
        assertArrayEquals(stats.var(), restored.var(), 0.0);
        assertEquals(stats.count(), restored.count(), 0.0);
    }

    @Test
    void shouldRejectBatchWhenLengthIsNotMultipleOfDim() {
        RunningMeanStd stats = new RunningMeanStd(3);

        assertThrows(IllegalArgumentException.class, () -> stats.update(new double[] {1, 2}));
    }

    @Test
    void shouldRejectStateWhenVarianceIsNegative() {
        RunningMeanStd stats = new RunningMeanStd(1);

        assertThrows(IllegalArgumentException.class, () -> stats.setState(new double[] {0}, new double[] {-1}, 1));
    }
}
