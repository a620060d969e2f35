package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendulumTest {

    private static final double TOL = 1e-12;

    private static Pendulum at(double th, double thdot) {
        Pendulum env = new Pendulum();
        env.setState(new double[] {th, thdot});
        return env;
    }

    /** pendulum.py's {@code angle_normalize}, with Python's floored modulo. */
    private static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        return (x + Math.PI) - Math.floor((x + Math.PI) / period) * period - Math.PI;
    }

    @Test
    void shouldFollowGymnasiumEquationsWhenSteppingFromGivenState() {
        Pendulum env = at(2.5, -0.7);

        double reward = env.step(new float[] {1.5f}, 0);

        // pendulum.py, written out: g 10, m 1, l 1, dt 0.05, u = 1.5 (inside [-2, 2]). u is a NumPy float32, so
        // under NumPy 2 the terms with only u and Python floats are float32: 0.001 * u**2 and 3.0 / (m * l**2) * u.
        double cost = angleNormalize(2.5) * angleNormalize(2.5) + 0.1 * (0.7 * 0.7) + 0.001f * (1.5f * 1.5f);
        double newthdot = -0.7 + (3 * 10.0 / (2 * 1.0) * Math.sin(2.5) + 3.0f * 1.5f) * 0.05;
        double newth = 2.5 + newthdot * 0.05;
        assertArrayEquals(new double[] {newth, newthdot}, env.state(), TOL);
        assertEquals(-cost, reward, TOL);
        // The same step through a NumPy transcription of Gymnasium's pendulum.py.
        assertArrayEquals(new double[] {2.4986927054038985, -0.026145891922032538}, env.state(), TOL);
        assertEquals(-6.3012500001359735, reward, TOL);
    }

    @Test
    void shouldClipTorqueToTwoWhenActionExceedsBound() {
        Pendulum clipped = at(1.0, 0.3);
        Pendulum atBound = at(1.0, 0.3);

        double rewardClipped = clipped.step(new float[] {5f}, 0);
        double rewardAtBound = atBound.step(new float[] {2f}, 0);

        assertArrayEquals(atBound.state(), clipped.state(), 0.0);
        assertEquals(rewardAtBound, rewardClipped, 0.0);
        // The torque cost 0.001 * u**2 is float32 arithmetic on the float32 torque (NumPy 2).
        assertEquals(-(1.0 * 1.0 + 0.1 * (0.3 * 0.3) + 0.001f * 4f), rewardClipped, TOL, "torque cost uses u = 2");
    }

    @Test
    void shouldClipNegativeTorqueToMinusTwoWhenActionIsBelowBound() {
        Pendulum env = at(0.0, 0.0);

        env.step(new float[] {Float.NEGATIVE_INFINITY}, 0);

        // sin(0) = 0, so only the torque acts: newthdot = (3 * -2) * 0.05.
        assertEquals(-6.0 * 0.05, env.state()[1], TOL);
    }

    @Test
    void shouldClipSpeedToEightWhenUpdateExceedsIt() {
        Pendulum env = at(Math.PI / 2, 7.9);

        env.step(new float[] {2f}, 0);

        // Unclipped: 7.9 + (15 * sin(pi/2) + 3 * 2) * 0.05 = 8.95; clipped to 8, and the angle uses the clipped speed.
        assertEquals(8.0, env.state()[1], 0.0);
        assertEquals(Math.PI / 2 + 8.0 * 0.05, env.state()[0], TOL);
    }

    @Test
    void shouldRewardMinusCostOfPreStepStateWhenStepped() {
        Pendulum env = at(4.0, -3.0); // angle_normalize(4.0) = 4 - 2 pi

        double reward = env.step(new float[] {-1f}, 0);

        double a = 4.0 - 2 * Math.PI;
        assertEquals(-(a * a + 0.1 * 9.0 + 0.001f * 1f), reward, TOL); // float32 torque term, as in NumPy 2
    }

    @Test
    void shouldMatchNumpyTranscriptionWhenSteppingHundredCyclicActions() {
        Pendulum env = at(2.5, -0.7);
        float[] action = new float[1];
        double totalReward = 0;

        for (int k = 0; k < 100; k++) {
            action[0] = (float) (((k % 5) - 2) * 1.25); // -2.5 .. 2.5: clipping included
            totalReward += env.step(action, 0);
        }

        // Reference: the same 100 steps through a NumPy (2.x) transcription of Gymnasium's pendulum.py.
        assertArrayEquals(new double[] {2.504782661315014, -0.7508680691463634}, env.state(), 1e-10);
        assertEquals(-769.8973803160559, totalReward, 1e-9);
    }

    @Test
    void shouldNeverTerminateWhenStepped() {
        Pendulum env = at(0.0, 0.0);
        float[] action = {2f};

        for (int k = 0; k < 1000; k++) {
            env.step(action, 0);
            assertFalse(env.terminated());
        }
    }

    @Test
    void shouldDrawAngleWithinPiAndSpeedWithinOneWhenReset() {
        Pendulum env = new Pendulum();
        Rng rng = new Rng(11);
        double maxAbsTh = 0;
        double maxAbsThdot = 0;

        for (int n = 0; n < 500; n++) {
            env.reset(rng);
            maxAbsTh = Math.max(maxAbsTh, Math.abs(env.state()[0]));
            maxAbsThdot = Math.max(maxAbsThdot, Math.abs(env.state()[1]));
        }

        assertTrue(maxAbsTh <= Math.PI && maxAbsTh > 3.0, "angle " + maxAbsTh);
        assertTrue(maxAbsThdot <= 1.0 && maxAbsThdot > 0.95, "speed " + maxAbsThdot);
    }

    @Test
    void shouldObserveCosSinAndSpeedWhenObserved() {
        Pendulum env = at(0.7, -2.5);
        float[] out = new float[3];

        env.observe(out, 0);

        assertArrayEquals(new float[] {(float) Math.cos(0.7), (float) Math.sin(0.7), -2.5f}, out, 1e-7f);
    }

    @Test
    void shouldRejectNaNActionNamingEnv() {
        Pendulum env = at(0.0, 0.0);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN}, 0));

        assertTrue(e.getMessage().contains("Pendulum-v1"), e.getMessage());
    }

    @Test
    void shouldExposeGymnasiumSpacesAndTimeLimitWhenCreated() {
        Pendulum env = new Pendulum();

        assertEquals(new Space.Box(new float[] {-2f}, new float[] {2f}), env.actionSpace());
        assertEquals(new Space.Box(new float[] {-1, -1, -8}, new float[] {1, 1, 8}), env.observationSpace());
        assertEquals(200, env.maxEpisodeSteps());
    }

    @Test
    void shouldRejectStateWhenLengthIsWrong() {
        Pendulum env = new Pendulum();

        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[] {0, 0, 0, 0}));
    }
}
