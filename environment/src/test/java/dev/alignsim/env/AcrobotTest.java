package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcrobotTest {

    private static final double TOL = 1e-12;

    private static Acrobot at(double... state) {
        Acrobot env = new Acrobot();
        env.setState(state);
        return env;
    }

    /**
     * acrobot.py's {@code _dsdt} with the book's equation, written out for the test with all link constants 1
     * (lengths, masses, moments of inertia), centres of mass at 0.5 and g = 9.8.
     */
    private static double[] dsdt(double[] s, double a) {
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double d1 = 1.0 * 0.25 + 1.0 * (1.0 + 0.25 + 2 * 1.0 * 0.5 * Math.cos(theta2)) + 1.0 + 1.0;
        double d2 = 1.0 * (0.25 + 1.0 * 0.5 * Math.cos(theta2)) + 1.0;
        double phi2 = 1.0 * 0.5 * 9.8 * Math.cos(theta1 + theta2 - Math.PI / 2);
        double phi1 = -1.0 * 1.0 * 0.5 * dtheta2 * dtheta2 * Math.sin(theta2)
                - 2 * 1.0 * 1.0 * 0.5 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (1.0 * 0.5 + 1.0 * 1.0) * 9.8 * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - 1.0 * 1.0 * 0.5 * dtheta1 * dtheta1 * Math.sin(theta2) - phi2)
                / (1.0 * 0.25 + 1.0 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2};
    }

    /** One classic RK4 step over dt = 0.2, without wrapping or bounding. */
    private static double[] rk4(double[] s, double torque) {
        double dt = 0.2;
        double[] k1 = dsdt(s, torque);
        double[] k2 = dsdt(plus(s, dt / 2, k1), torque);
        double[] k3 = dsdt(plus(s, dt / 2, k2), torque);
        double[] k4 = dsdt(plus(s, dt, k3), torque);
        double[] next = new double[4];
        for (int i = 0; i < 4; i++) {
            next[i] = s[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return next;
    }

    private static double[] plus(double[] s, double h, double[] k) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = s[i] + h * k[i];
        }
        return out;
    }

    @Test
    void shouldFollowRk4OfBookDynamicsWhenSteppingFromGivenState() {
        double[] start = {0.05, -0.03, 0.02, 0.01};
        Acrobot env = at(start);

        double reward = env.step(new float[] {2f}, 0); // action 2 -> torque +1

        assertArrayEquals(rk4(start, +1.0), env.state(), TOL);
        // The same step through a NumPy transcription of Gymnasium's acrobot.py.
        assertArrayEquals(new double[] {0.03396426807716706, 0.014028356136744108, -0.175464650251537,
            0.4197156022652691}, env.state(), TOL);
        assertEquals(-1.0, reward);
        assertFalse(env.terminated());
    }

    @Test
    void shouldApplyTorqueMinusOneWhenActionIsZero() {
        double[] start = {0.05, -0.03, 0.02, 0.01};
        Acrobot env = at(start);

        env.step(new float[] {0f}, 0);

        assertArrayEquals(rk4(start, -1.0), env.state(), TOL);
    }

    @Test
    void shouldMatchNumpyTranscriptionWhenSteppingFiftyCyclicActions() {
        Acrobot env = at(0.05, -0.03, 0.02, 0.01);
        float[] action = new float[1];

        for (int k = 0; k < 50; k++) {
            action[0] = k % 3;
            env.step(action, 0);
        }

        // Reference: the same 50 steps through a NumPy transcription of Gymnasium's acrobot.py. Tolerance allows
        // for last-bit differences between Java's StrictMath and C's libm growing over 50 steps.
        assertArrayEquals(new double[] {
            -0.011140704011078709, 0.07611311097863846, -0.09321390846317044, 0.10668436873333925},
                env.state(), 1e-10);
    }

    @Test
    void shouldTerminateWithRewardZeroWhenTipIsAboveTargetHeight() {
        Acrobot env = at(Math.PI, 0, 0, 0); // both links straight up: -cos(pi) - cos(pi) = 2 > 1

        double reward = env.step(new float[] {1f}, 0);

        double[] s = env.state();
        assertTrue(-Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0);
        assertTrue(env.terminated());
        assertEquals(0.0, reward);
    }

    @Test
    void shouldGiveMinusOneWithoutTerminatingWhenHangingDown() {
        Acrobot env = at(0, 0, 0, 0);

        double reward = env.step(new float[] {1f}, 0);

        assertFalse(env.terminated());
        assertEquals(-1.0, reward);
    }

    @Test
    void shouldWrapAngleIntoMinusPiPiWhenRotatingPastPi() {
        double[] start = {Math.PI - 0.01, 0, 1.0, 0};
        Acrobot env = at(start);

        env.step(new float[] {1f}, 0);

        double unwrapped = rk4(start, 0.0)[0];
        assertTrue(unwrapped > Math.PI, "the raw integration passes pi: " + unwrapped);
        assertEquals(unwrapped - 2 * Math.PI, env.state()[0], TOL);
    }

    @Test
    void shouldBoundVelocitiesWhenIntegrationExceedsMaxima() {
        double[] start = {0, 0, 4 * Math.PI, 9 * Math.PI};
        Acrobot env = at(start);

        env.step(new float[] {2f}, 0);

        double[] raw = rk4(start, 1.0);
        assertTrue(raw[2] > 4 * Math.PI && raw[3] > 9 * Math.PI, "both raw velocities exceed their bounds");
        assertEquals(4 * Math.PI, env.state()[2], 0.0);
        assertEquals(9 * Math.PI, env.state()[3], 0.0);
    }

    @Test
    void shouldObserveCosSinOfAnglesAndVelocitiesWhenObserved() {
        Acrobot env = at(0.3, -1.2, 2.5, -7.0);
        float[] out = new float[6];

        env.observe(out, 0);

        assertArrayEquals(new float[] {(float) Math.cos(0.3), (float) Math.sin(0.3), (float) Math.cos(-1.2),
            (float) Math.sin(-1.2), 2.5f, -7.0f}, out, 1e-7f);
    }

    @Test
    void shouldDrawFloat32StateWithinOneTenthWhenReset() {
        Acrobot env = new Acrobot();
        Rng rng = new Rng(3);

        for (int n = 0; n < 200; n++) {
            env.reset(rng);
            for (double v : env.state()) {
                assertTrue(v >= -0.1 && v <= 0.1, "reset value " + v);
                assertEquals((double) (float) v, v, 0.0, "Gymnasium rounds the reset state to float32");
            }
        }
    }

    @Test
    void shouldRejectActionNamingEnvWhenOutOfRange() {
        Acrobot env = at(0, 0, 0, 0);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {3f}, 0));

        assertTrue(e.getMessage().contains("Acrobot-v1") && e.getMessage().contains("3.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {-1f}, 0));
    }

    @Test
    void shouldExposeGymnasiumSpacesAndTimeLimitWhenCreated() {
        Acrobot env = new Acrobot();
        float v1 = (float) (4 * Math.PI);
        float v2 = (float) (9 * Math.PI);

        assertEquals(new Space.Discrete(3), env.actionSpace());
        assertEquals(new Space.Box(new float[] {-1, -1, -1, -1, -v1, -v2}, new float[] {1, 1, 1, 1, v1, v2}),
                env.observationSpace());
        assertEquals(500, env.maxEpisodeSteps());
    }

    @Test
    void shouldRejectStateWhenNotFinite() {
        Acrobot env = new Acrobot();

        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[] {Double.NaN, 0, 0, 0}));
    }
}
