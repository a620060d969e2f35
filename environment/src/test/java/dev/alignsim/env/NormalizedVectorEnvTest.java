package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The normalised env is checked against a twin {@link VectorEnv} with the same seed and actions, which yields the raw
 * observations and rewards; expected values are then computed directly from those raw values.
 */
class NormalizedVectorEnvTest {

    private static final double EPS = 1e-8;
    private static final double PRIOR = 1e-4;
    private static final double NO_CLIP = Double.POSITIVE_INFINITY;

    private static NormalizedVectorEnv.Options rewardsOnly(double gamma, double clip) {
        return new NormalizedVectorEnv.Options(false, 10, true, gamma, clip, EPS);
    }

    private static NormalizedVectorEnv.Options observationsOnly(double clip) {
        return new NormalizedVectorEnv.Options(true, clip, false, 0.99, 10, EPS);
    }

    /** Population variance of {@code values} merged with Gymnasium's prior (weight 1e-4, mean 0, variance 1). */
    private static double[] meanVarWithPrior(List<Double> values) {
        double n = PRIOR + values.size();
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double m2 = PRIOR * (1.0 + mean * mean);
        for (double v : values) {
            m2 += (v - mean) * (v - mean);
        }
        return new double[] {mean, m2 / n};
    }

    @Test
    void shouldScaleRewardsByStdOfDiscountedReturnWhenNormalizingRewards() {
        double gamma = 0.99;
        VectorEnv raw = new VectorEnv("CartPole-v1", 1, 3L);
        NormalizedVectorEnv env = new NormalizedVectorEnv(raw, rewardsOnly(gamma, NO_CLIP));
        VectorStep out = env.newStep();
        env.reset();
        List<Double> returnsSeen = new ArrayList<>();
        double discounted = 0;

        for (int t = 1; t <= 30; t++) {
            raw.setEnvState(0, new double[] {0, 0, 0, 0}); // keeps every raw reward at 1
            env.step(new float[] {1f}, out);

            discounted = discounted * gamma + 1.0; // 1 + gamma + ... + gamma^(t-1)
            returnsSeen.add(discounted);
            double var = meanVarWithPrior(returnsSeen)[1];
            assertEquals(1.0 / Math.sqrt(var + EPS), out.rewards[0], 1e-5 * out.rewards[0], "step " + t);
        }
        assertEquals(discounted, env.discountedReturns()[0], 1e-12);
    }

    @Test
    void shouldRestartDiscountedReturnWhenEpisodeTerminates() {
        VectorEnv raw = new VectorEnv("CartPole-v1", 1, 3L);
        NormalizedVectorEnv env = new NormalizedVectorEnv(raw, rewardsOnly(0.9, 10));
        VectorStep out = env.newStep();
        env.reset();
        for (int t = 0; t < 5; t++) {
            raw.setEnvState(0, new double[] {0, 0, 0, 0});
            env.step(new float[] {1f}, out);
        }
        assertTrue(env.discountedReturns()[0] > 4.0);

        raw.setEnvState(0, new double[] {2.39, 1.0, 0, 0});
        env.step(new float[] {1f}, out);

        assertTrue(out.terminated[0]);
        // Gymnasium 1.x: returns * gamma * (1 - terminated) + reward, so only the terminating reward remains.
        assertEquals(1.0, env.discountedReturns()[0], 0.0);
    }

    @Test
    void shouldCarryDiscountedReturnAcrossTruncationWhenNotTerminated() {
        double gamma = 0.95;
        NormalizedVectorEnv env = new NormalizedVectorEnv(new VectorEnv("Pendulum-v1", 1, 8L), rewardsOnly(gamma, 10));
        VectorEnv twin = new VectorEnv("Pendulum-v1", 1, 8L);
        VectorStep out = env.newStep();
        VectorStep rawOut = twin.newStep();
        env.reset();
        twin.reset();
        float[] action = {0.7f};
        double expected = 0;

        for (int t = 1; t <= 201; t++) {
            env.step(action, out);
            twin.step(action, rawOut);
            expected = expected * gamma + rawOut.rewards[0];
        }

        assertEquals(expected, env.discountedReturns()[0], 1e-9);
    }

    @Test
    void shouldClipNormalizedRewardWhenItExceedsRewardClip() {
        VectorEnv raw = new VectorEnv("CartPole-v1", 1, 3L);
        NormalizedVectorEnv env = new NormalizedVectorEnv(raw, rewardsOnly(0.99, 10));
        VectorStep out = env.newStep();
        env.reset();

        env.step(new float[] {1f}, out);

        // First return 1 against the prior: var ~ 2e-4, so 1 / sqrt(var) ~ 70 is clipped to 10.
        assertEquals(10f, out.rewards[0]);
    }

    @Test
    void shouldNormalizeObservationsWithStatisticsOfAllBatchesWhenStepping() {
        NormalizedVectorEnv env = new NormalizedVectorEnv(new VectorEnv("Pendulum-v1", 4, 21L), observationsOnly(NO_CLIP));
        VectorEnv twin = new VectorEnv("Pendulum-v1", 4, 21L);
        VectorStep out = env.newStep();
        VectorStep rawOut = twin.newStep();
        float[] actions = {1f, -1f, 0.5f, 2f};
        List<List<Double>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        float[] obs = env.reset();
        float[] rawObs = twin.reset();
        for (int t = 0; t <= 5; t++) {
            if (t > 0) {
                env.step(actions, out);
                twin.step(actions, rawOut);
                obs = out.obs;
                rawObs = rawOut.obs;
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    seen.get(j).add((double) rawObs[i * 3 + j]);
                }
            }
            for (int j = 0; j < 3; j++) {
                double[] mv = meanVarWithPrior(seen.get(j));
                for (int i = 0; i < 4; i++) {
                    double expected = (rawObs[i * 3 + j] - mv[0]) / Math.sqrt(mv[1] + EPS);
                    assertEquals(expected, obs[i * 3 + j], 1e-5, "t " + t + " env " + i + " dim " + j);
                }
            }
        }
    }

    @Test
    void shouldNormalizeFinalObsWithoutUpdatingStatisticsAgainWhenEpisodeEnds() {
        NormalizedVectorEnv env = new NormalizedVectorEnv(new VectorEnv("Pendulum-v1", 2, 4L), observationsOnly(5));
        VectorEnv twin = new VectorEnv("Pendulum-v1", 2, 4L);
        VectorStep out = env.newStep();
        VectorStep rawOut = twin.newStep();
        env.reset();
        twin.reset();
        float[] actions = {1f, -2f};

        for (int t = 1; t <= 200; t++) {
            env.step(actions, out);
            twin.step(actions, rawOut);
        }

        assertTrue(out.truncated[0] && out.truncated[1]);
        RunningMeanStd stats = env.observationStats();
        assertEquals(PRIOR + 2 * 201, stats.count(), 1e-9, "one batch per reset and per step, none for finalObs");
        for (int k = 0; k < 6; k++) {
            int j = k % 3;
            double z = (rawOut.finalObs[k] - stats.mean(j)) / Math.sqrt(stats.var(j) + EPS);
            assertEquals(Math.max(-5, Math.min(5, z)), out.finalObs[k], 1e-5, "value " + k);
        }
    }

    @Test
    void shouldClipNormalizedObservationsWhenBeyondObservationClip() {
        NormalizedVectorEnv env = new NormalizedVectorEnv(new VectorEnv("Pendulum-v1", 3, 1L), observationsOnly(10));
        env.observationStats().setState(new double[] {0, 0, 0}, new double[] {1e-6, 1e-6, 1e-6}, 1.0);
        env.setFrozen(true);
        float[] rawObs = new VectorEnv("Pendulum-v1", 3, 1L).reset();

        float[] obs = env.reset();

        int clipped = 0;
        for (int k = 0; k < obs.length; k++) {
            double z = rawObs[k] / Math.sqrt(1e-6 + EPS); // about 1000 times the raw value
            assertEquals(Math.max(-10, Math.min(10, z)), obs[k], 1e-4, "value " + k);
            clipped += Math.abs(obs[k]) == 10f ? 1 : 0;
        }
        assertTrue(clipped > 0, "some values are cut at the bound");
    }

    @Test
    void shouldKeepEpisodeReturnsRawWhenRewardsAreNormalized() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 6L), 0.99);
        VectorEnv twin = new VectorEnv("Pendulum-v1", 2, 6L);
        VectorStep out = env.newStep();
        VectorStep rawOut = twin.newStep();
        env.reset();
        twin.reset();
        float[] actions = {0.3f, -0.9f};

        for (int t = 1; t <= 200; t++) {
            env.step(actions, out);
            twin.step(actions, rawOut);
        }

        assertEquals(rawOut.finishedEpisodes(), out.finishedEpisodes());
        assertTrue(out.finishedEpisodes().get(0).episodeReturn() < -10, "raw Pendulum returns are large negatives");
    }

    @Test
    void shouldLeaveStatisticsUnchangedWhenFrozen() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("CartPole-v1", 2, 6L), 0.99);
        VectorStep out = env.newStep();
        env.reset();
        env.step(new float[] {1f, 0f}, out);
        double[] obsMean = env.observationStats().mean();
        double obsCount = env.observationStats().count();
        double returnVar = env.returnStats().var(0);

        env.setFrozen(true);
        env.step(new float[] {0f, 1f}, out);

        assertTrue(env.frozen());
        assertArrayEquals(obsMean, env.observationStats().mean(), 0.0);
        assertEquals(obsCount, env.observationStats().count(), 0.0);
        assertEquals(returnVar, env.returnStats().var(0), 0.0);
    }

    @Test
    void shouldPassObservationsAndRewardsThroughWhenBothNormalizationsAreOff() {
        NormalizedVectorEnv env = new NormalizedVectorEnv(new VectorEnv("Acrobot-v1", 2, 2L),
                new NormalizedVectorEnv.Options(false, 10, false, 0.99, 10, EPS));
        VectorEnv twin = new VectorEnv("Acrobot-v1", 2, 2L);
        VectorStep out = env.newStep();
        VectorStep rawOut = twin.newStep();

        assertArrayEquals(twin.reset(), env.reset());
        env.step(new float[] {0f, 2f}, out);
        twin.step(new float[] {0f, 2f}, rawOut);

        assertArrayEquals(rawOut.obs, out.obs);
        assertArrayEquals(rawOut.rewards, out.rewards);
        assertEquals(twin.observationSpace(), env.observationSpace());
    }

    @Test
    void shouldReportClippedBoxAsObservationSpaceWhenNormalizingObservations() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 1, 0L), 0.99);

        assertEquals(Space.Box.symmetric(3, 10f), env.observationSpace());
        assertEquals(new Pendulum().actionSpace(), env.actionSpace());
        assertEquals(3, env.obsDim());
        assertEquals(1, env.actionDim());
    }

    @Test
    void shouldRejectOptionsWhenGammaIsOutsideZeroOne() {
        assertThrows(IllegalArgumentException.class, () -> new NormalizedVectorEnv.Options(true, 10, true, 1.5, 10, EPS));
    }

    @Test
    void shouldRestoreDiscountedReturnsWhenSet() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("CartPole-v1", 2, 0L), 0.99);

        env.setDiscountedReturns(new double[] {1.5, -2.0});

        assertArrayEquals(new double[] {1.5, -2.0}, env.discountedReturns(), 0.0);
        assertFalse(env.frozen());
    }
}
