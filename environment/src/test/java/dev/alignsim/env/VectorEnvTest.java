package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    private static final double[] UPRIGHT = {0, 0, 0, 0};

    /** CartPole's state after one push right from rest and upright, by hand from cartpole.py's equations. */
    private static double[] cartPoleAfterPushRightFromRest() {
        double temp = 10.0 / 1.1;
        double thetaacc = (0.0 - 1.0 * temp) / (0.5 * (4.0 / 3.0 - 0.1 * 1.0 / 1.1));
        double xacc = temp - 0.05 * thetaacc * 1.0 / 1.1;
        return new double[] {0, 0.02 * xacc, 0, 0.02 * thetaacc};
    }

    private static float[] asFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static float[] row(float[] flat, int i, int dim) {
        return Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }

    @Test
    void shouldTruncateCartPoleAtFiveHundredStepsWithTerminatedFalse() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 1, 1L);
        VectorStep out = envs.newStep();
        envs.reset();
        float[] right = {1f};

        for (int t = 1; t <= 499; t++) {
            envs.setEnvState(0, UPRIGHT); // keep the pole up so only the time limit can end the episode
            envs.step(right, out);
            assertFalse(out.terminated[0] || out.truncated[0], "step " + t);
        }
        envs.setEnvState(0, UPRIGHT);
        envs.step(right, out);

        assertTrue(out.truncated[0]);
        assertFalse(out.terminated[0]);
        assertEquals(List.of(new Episode(0, 500.0, 500)), out.finishedEpisodes());
        assertArrayEquals(asFloats(cartPoleAfterPushRightFromRest()), row(out.finalObs, 0, 4));
        assertEquals(0, envs.elapsedSteps(0));
    }

    @Test
    void shouldTruncateAcrobotAtFiveHundredStepsWithReturnMinusFiveHundred() {
        VectorEnv envs = new VectorEnv("Acrobot-v1", 1, 1L);
        VectorStep out = envs.newStep();
        envs.reset();
        float[] noTorque = {1f};

        for (int t = 1; t <= 500; t++) {
            envs.setEnvState(0, UPRIGHT); // hanging at rest: never reaches the goal height
            envs.step(noTorque, out);
            assertEquals(t == 500, out.truncated[0], "step " + t);
            assertFalse(out.terminated[0]);
        }

        assertEquals(List.of(new Episode(0, -500.0, 500)), out.finishedEpisodes());
    }

    @Test
    void shouldTruncatePendulumAtTwoHundredStepsAndReportRawReturn() {
        VectorEnv envs = new VectorEnv("Pendulum-v1", 2, 5L);
        VectorStep out = envs.newStep();
        envs.reset();
        float[] actions = {0.5f, -1.5f};
        double[] sums = new double[2];

        for (int t = 1; t <= 200; t++) {
            envs.step(actions, out);
            sums[0] += out.rewards[0];
            sums[1] += out.rewards[1];
            assertEquals(t == 200, out.truncated[0] && out.truncated[1], "step " + t);
            assertFalse(out.terminated[0] || out.terminated[1]);
        }

        List<Episode> episodes = out.finishedEpisodes();
        assertEquals(2, episodes.size());
        assertEquals(0, episodes.get(0).envIndex());
        assertEquals(1, episodes.get(1).envIndex());
        assertEquals(200, episodes.get(0).length());
        // Episode returns sum the float64 rewards; the float32 rewards of VectorStep add up to nearly the same.
        assertEquals(sums[0], episodes.get(0).episodeReturn(), 1e-3);
        assertEquals(sums[1], episodes.get(1).episodeReturn(), 1e-3);
    }

    @Test
    void shouldAutoResetAndReportFinalObsWhenCartPoleTerminates() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 2, 9L);
        VectorStep out = envs.newStep();
        envs.reset();
        envs.setEnvState(0, new double[] {2.39, 1.0, 0, 0});

        envs.step(new float[] {1f, 1f}, out);

        assertTrue(out.terminated[0]);
        assertFalse(out.truncated[0]);
        assertEquals(1f, out.rewards[0]);
        assertEquals(List.of(new Episode(0, 1.0, 1)), out.finishedEpisodes());
        // finalObs: x = 2.39 + 0.02 * 1.0 is past 2.4, the observation where the episode ended.
        assertEquals((float) (2.39 + 0.02 * 1.0), out.finalObs[0]);
        // obs: the first observation of the new episode, drawn within the reset bounds.
        double[] fresh = envs.envState(0);
        assertArrayEquals(asFloats(fresh), row(out.obs, 0, 4));
        for (double v : fresh) {
            assertTrue(Math.abs(v) <= 0.05, "reset value " + v);
        }
        // The other env goes on, and its finalObs row is not a final observation.
        assertFalse(out.done(1));
        assertArrayEquals(new float[4], row(out.finalObs, 1, 4));
    }

    @Test
    void shouldSetBothFlagsWhenTerminatingOnTheLastAllowedStep() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 1, 2L);
        VectorStep out = envs.newStep();
        envs.reset();
        float[] right = {1f};
        for (int t = 1; t <= 499; t++) {
            envs.setEnvState(0, UPRIGHT);
            envs.step(right, out);
        }

        envs.setEnvState(0, new double[] {2.39, 1.0, 0, 0});
        envs.step(right, out);

        assertTrue(out.terminated[0]);
        assertTrue(out.truncated[0]);
        assertEquals(List.of(new Episode(0, 500.0, 500)), out.finishedEpisodes());
    }

    @Test
    void shouldClearFinishedEpisodesWhenNextStepEndsNone() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 1, 2L);
        VectorStep out = envs.newStep();
        envs.reset();
        envs.setEnvState(0, new double[] {2.39, 1.0, 0, 0});
        envs.step(new float[] {1f}, out);
        assertEquals(1, out.finishedEpisodes().size());

        envs.step(new float[] {1f}, out);

        assertTrue(out.finishedEpisodes().isEmpty());
    }

    @Test
    void shouldProduceIdenticalTrajectoriesWhenSeedIsTheSame() {
        VectorEnv a = new VectorEnv("CartPole-v1", 4, 42L);
        VectorEnv b = new VectorEnv("CartPole-v1", 4, 42L);
        VectorStep outA = a.newStep();
        VectorStep outB = b.newStep();
        assertArrayEquals(a.reset(), b.reset());
        float[] actions = new float[4];
        int episodes = 0;

        for (int t = 0; t < 300; t++) {
            for (int i = 0; i < 4; i++) {
                actions[i] = (t * 7 + i * 3) % 5 < 2 ? 0f : 1f;
            }
            a.step(actions, outA);
            b.step(actions, outB);
            assertArrayEquals(outA.obs, outB.obs, "step " + t);
            assertArrayEquals(outA.rewards, outB.rewards);
            assertArrayEquals(outA.terminated, outB.terminated);
            assertArrayEquals(outA.finalObs, outB.finalObs);
            assertEquals(outA.finishedEpisodes(), outB.finishedEpisodes());
            episodes += outA.finishedEpisodes().size();
        }
        assertTrue(episodes > 4, "the run covers auto-resets: " + episodes);
    }

    @Test
    void shouldProduceDifferentTrajectoriesWhenSeedDiffers() {
        float[] first = new VectorEnv("Pendulum-v1", 3, 1L).reset();
        float[] second = new VectorEnv("Pendulum-v1", 3, 2L).reset();

        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void shouldResetEachEnvFromItsOwnDerivedGeneratorWhenReset() {
        long seed = 123L;
        float[] obs = new VectorEnv("CartPole-v1", 3, seed).reset();

        for (int i = 0; i < 3; i++) {
            CartPole single = new CartPole();
            single.reset(Rng.derive(seed, i));
            float[] expected = new float[4];
            single.observe(expected, 0);
            assertArrayEquals(expected, row(obs, i, 4), "env " + i);
        }
        assertNotEquals(Arrays.toString(row(obs, 0, 4)), Arrays.toString(row(obs, 1, 4)));
    }

    @Test
    void shouldPassEnvStateThroughWhenSetAndRead() {
        VectorEnv envs = new VectorEnv("Pendulum-v1", 2, 0L);
        envs.reset();

        envs.setEnvState(1, new double[] {0.25, -0.5});

        assertArrayEquals(new double[] {0.25, -0.5}, envs.envState(1), 0.0);
        assertThrows(IndexOutOfBoundsException.class, () -> envs.envState(2));
    }

    @Test
    void shouldExposeSpacesAndDimensionsOfOneEnvWhenAsked() {
        VectorEnv envs = new VectorEnv("Acrobot-v1", 3, 0L);

        assertEquals(3, envs.numEnvs());
        assertEquals(new Acrobot().observationSpace(), envs.observationSpace());
        assertEquals(new Space.Discrete(3), envs.actionSpace());
        assertEquals(6, envs.obsDim());
        assertEquals(1, envs.actionDim());
        assertEquals(18, envs.reset().length);
    }

    @Test
    void shouldRejectActionsWhenLengthIsWrong() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 2, 0L);
        VectorStep out = envs.newStep();
        envs.reset();

        assertThrows(IllegalArgumentException.class, () -> envs.step(new float[] {1f}, out));
    }

    @Test
    void shouldRejectNumEnvsWhenBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv("CartPole-v1", 0, 0L));
    }

    @Test
    void shouldRejectStepWhenNotResetFirst() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 1, 0L);

        assertThrows(IllegalStateException.class, () -> envs.step(new float[] {1f}, envs.newStep()));
    }

    @Test
    void shouldRejectVectorStepWhenSizedForAnotherVector() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 2, 0L);
        envs.reset();

        assertThrows(IllegalArgumentException.class, () -> envs.step(new float[] {1f, 1f}, new VectorStep(3, 4)));
    }

    @Test
    void shouldRejectFactoryWhenItReturnsTheSameInstance() {
        CartPole shared = new CartPole();

        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(() -> shared, 2, 0L));
    }

    @Test
    void shouldRejectUnknownIdWhenBuildingFromId() {
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv("Nope-v0", 2, 0L));
    }
}
