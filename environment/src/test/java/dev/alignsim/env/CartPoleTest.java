package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CartPoleTest {

    private static final double TOL = 1e-12;

    private static CartPole at(double... state) {
        CartPole env = new CartPole();
        env.setState(state);
        return env;
    }

    @Test
    void shouldFollowGymnasiumEulerEquationsWhenPushedRightFromGivenState() {
        CartPole env = at(0.01, 0.02, 0.03, 0.04);

        double reward = env.step(new float[] {1f}, 0);

        // cartpole.py, written out: gravity 9.8, masscart 1.0, masspole 0.1, total_mass 1.1, length 0.5,
        // polemass_length 0.05, force_mag 10, tau 0.02, action 1 -> force +10.
        double cos = Math.cos(0.03);
        double sin = Math.sin(0.03);
        double temp = (10.0 + 0.05 * (0.04 * 0.04) * sin) / 1.1;
        double thetaacc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * (cos * cos) / 1.1));
        double xacc = temp - 0.05 * thetaacc * cos / 1.1;
        double[] expected = {
            0.01 + 0.02 * 0.02, // x moves with the OLD x_dot (explicit Euler)
            0.02 + 0.02 * xacc,
            0.03 + 0.02 * 0.04, // theta moves with the OLD theta_dot
            0.04 + 0.02 * thetaacc,
        };
        assertArrayEquals(expected, env.state(), TOL);
        // The same step run through a NumPy transcription of cartpole.py.
        assertArrayEquals(new double[] {0.0104, 0.21467919574755523, 0.030799999999999998, -0.2430687179600081},
                env.state(), TOL);
        assertEquals(1.0, reward);
        assertFalse(env.terminated());
    }

    @Test
    void shouldPushLeftWhenActionIsZero() {
        CartPole env = at(0, 0, 0, 0);

        env.step(new float[] {0f}, 0);

        // From rest and upright: temp = -10 / 1.1, thetaacc = -temp / (0.5 * (4/3 - 0.1 / 1.1)).
        double temp = -10.0 / 1.1;
        double thetaacc = (0.0 - 1.0 * temp) / (0.5 * (4.0 / 3.0 - 0.1 * 1.0 / 1.1));
        double xacc = temp - 0.05 * thetaacc * 1.0 / 1.1;
        assertArrayEquals(new double[] {0, 0.02 * xacc, 0, 0.02 * thetaacc}, env.state(), TOL);
        assertTrue(env.state()[1] < 0, "cart accelerates to the left");
    }

    @Test
    void shouldMatchNumpyTranscriptionWhenSteppingTwentyAlternatingActions() {
        CartPole env = at(0.01, 0.02, 0.03, 0.04);
        float[] action = new float[1];

        for (int k = 0; k < 20; k++) {
            action[0] = k % 2;
            env.step(action, 0);
        }

        // Reference: the same 20 steps through a NumPy transcription of Gymnasium's cartpole.py.
        assertArrayEquals(new double[] {
            -0.024119645856588413, -0.002821534036644313, 0.17352988522488394, 0.5511838559134106},
                env.state(), TOL);
    }

    @Test
    void shouldTerminateWithRewardOneWhenCartPassesXThreshold() {
        CartPole env = at(2.39, 1.0, 0, 0);

        double reward = env.step(new float[] {1f}, 0);

        assertEquals(2.39 + 0.02 * 1.0, env.state()[0], TOL);
        assertTrue(env.terminated());
        assertEquals(1.0, reward, "the terminating step still earns 1");
    }

    @Test
    void shouldTerminateWhenPoleAnglePassesTwelveDegrees() {
        double threshold = 12 * 2 * Math.PI / 360;
        CartPole env = at(0, 0, threshold - 0.001, 1.0);

        double reward = env.step(new float[] {0f}, 0);

        assertEquals(threshold - 0.001 + 0.02, env.state()[2], TOL);
        assertTrue(env.terminated());
        assertEquals(1.0, reward);
    }

    @Test
    void shouldNotTerminateWhenInsideBothThresholds() {
        CartPole env = at(2.3, 0, 0.2, 0);

        env.step(new float[] {1f}, 0);

        assertFalse(env.terminated());
    }

    @Test
    void shouldGiveZeroRewardWhenSteppedAgainAfterTermination() {
        CartPole env = at(2.39, 1.0, 0, 0);
        env.step(new float[] {1f}, 0);

        double reward = env.step(new float[] {1f}, 0);

        assertTrue(env.terminated());
        assertEquals(0.0, reward);
    }

    @Test
    void shouldRejectActionNamingEnvAndActionWhenOutOfRange() {
        CartPole env = at(0, 0, 0, 0);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {2f}, 0));

        assertTrue(e.getMessage().contains("CartPole-v1") && e.getMessage().contains("2.0"), e.getMessage());
    }

    @Test
    void shouldRejectActionWhenNotAnInteger() {
        CartPole env = at(0, 0, 0, 0);

        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0.5f}, 0));
    }

    @Test
    void shouldDrawEveryStateVariableWithinFiveHundredthsWhenReset() {
        CartPole env = new CartPole();
        Rng rng = new Rng(7);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;

        for (int n = 0; n < 500; n++) {
            env.reset(rng);
            for (double v : env.state()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }

        assertTrue(min >= -0.05 && min < -0.049, "min " + min);
        assertTrue(max < 0.05 && max > 0.049, "max " + max);
    }

    @Test
    void shouldObserveStateAsFloat32WhenObserved() {
        CartPole env = at(0.1, -0.2, 0.03, 0.4);
        float[] out = new float[6];

        env.observe(out, 2);

        assertArrayEquals(new float[] {0, 0, 0.1f, -0.2f, 0.03f, 0.4f}, out);
    }

    @Test
    void shouldExposeGymnasiumSpacesAndTimeLimitWhenCreated() {
        CartPole env = new CartPole();
        float thetaHigh = (float) (2 * 12 * 2 * Math.PI / 360);

        assertEquals(CartPole.ID, env.id());
        assertEquals(new Space.Discrete(2), env.actionSpace());
        assertEquals(new Space.Box(new float[] {-4.8f, -Float.MAX_VALUE, -thetaHigh, -Float.MAX_VALUE},
                new float[] {4.8f, Float.MAX_VALUE, thetaHigh, Float.MAX_VALUE}), env.observationSpace());
        assertEquals(0.41887903f, thetaHigh);
        assertEquals(500, env.maxEpisodeSteps());
    }

    @Test
    void shouldRejectStateWhenLengthIsWrong() {
        CartPole env = new CartPole();

        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[] {0, 0, 0}));
    }

    @Test
    void shouldThrowWhenSteppedBeforeResetOrSetState() {
        CartPole env = new CartPole();

        assertThrows(IllegalStateException.class, () -> env.step(new float[] {1f}, 0));
    }
}
