package dev.alignsim.env;

/**
 * Acrobot-v1: a port of Gymnasium's {@code gymnasium/envs/classic_control/acrobot.py} ({@code AcrobotEnv}) with
 * {@code book_or_nips = "book"} dynamics and {@code torque_noise_max = 0}.
 *
 * <p>One step integrates {@code _dsdt} over {@code dt = 0.2} with a single classic Runge-Kutta 4 step (Gymnasium's
 * {@code rk4} over {@code t = [0, dt]}), wraps both angles to [-pi, pi], bounds both velocities, then checks the
 * goal height. The state is float64; as in Gymnasium, the reset state is drawn in float64 and then rounded to float32
 * ({@code .astype(np.float32)}), and every later state is float64. Sine and cosine are {@link StrictMath}'s (fdlibm)
 * so that results are the same on every JVM and CPU; they can differ from C's libm in the last bit.
 */
public final class Acrobot extends ClassicControlEnv {

    public static final String ID = "Acrobot-v1";

    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    /** Moment of inertia of both links. */
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    /** Torque applied for actions 0, 1, 2. */
    static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1.0};
    /** Gravity is a local constant in {@code _dsdt}, not a field, in Gymnasium. */
    static final double G = 9.8;

    private static final int MAX_EPISODE_STEPS = 500;
    private static final double RESET_BOUND = 0.1;

    private static final Space OBSERVATION_SPACE =
            EnvSupport.symmetricBox(1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2);
    private static final Space ACTION_SPACE = new Space.Discrete(AVAIL_TORQUE.length);

    /** {@code [theta1, theta2, dtheta1, dtheta2]}. */
    private final double[] s = new double[4];
    // Runge-Kutta scratch, kept to make a step allocation-free.
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] y = new double[4];
    private boolean terminated;

    public Acrobot() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, MAX_EPISODE_STEPS);
    }

    /** Each state variable uniform in [-0.1, 0.1), then rounded to float32 as Gymnasium's reset does. */
    @Override
    public void reset(Rng rng) {
        for (int i = 0; i < 4; i++) {
            s[i] = (float) rng.uniform(-RESET_BOUND, RESET_BOUND);
        }
        markHasState();
        terminated = false;
    }

    @Override
    public double step(float[] actions, int offset) {
        int action = EnvSupport.discrete(ID, actions[offset], AVAIL_TORQUE.length);
        checkHasState();
        double torque = AVAIL_TORQUE[action];

        rk4(torque);

        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = bound(s[2], -MAX_VEL_1, MAX_VEL_1);
        s[3] = bound(s[3], -MAX_VEL_2, MAX_VEL_2);
        terminated = isTerminal(s[0], s[1]);
        return terminated ? 0.0 : -1.0;
    }

    /**
     * One RK4 step of {@code _dsdt} from {@code s} over {@code [0, dt]}, written into {@code s}. Gymnasium augments
     * the state with the torque, whose derivative is 0, so carrying the torque as a constant is the same computation.
     */
    private void rk4(double torque) {
        double dt = DT - 0.0; // t[i + 1] - t[i] with t = [0, dt]
        double dt2 = dt / 2.0;
        dsdt(s, torque, k1);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + dt2 * k1[i];
        }
        dsdt(y, torque, k2);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + dt2 * k2[i];
        }
        dsdt(y, torque, k3);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + dt * k3[i];
        }
        dsdt(y, torque, k4);
        double sixth = dt / 6.0;
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /** Gymnasium's {@code _dsdt} with the book's {@code ddtheta2}; writes {@code [dtheta1, dtheta2, ddtheta1, ddtheta2]}. */
    static void dsdt(double[] state, double a, double[] out) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double theta1 = state[0];
        double theta2 = state[1];
        double dtheta1 = state[2];
        double dtheta2 = state[3];
        double d1 = m1 * (lc1 * lc1)
                + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * StrictMath.cos(theta2))
                + i1
                + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * StrictMath.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * StrictMath.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * StrictMath.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * StrictMath.sin(theta2)
                + (m1 * lc1 + m2 * l1) * G * StrictMath.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 =
                (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * StrictMath.sin(theta2) - phi2)
                        / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap}: shifts {@code x} by whole periods until {@code m <= x <= M}. */
    static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    /** Gymnasium's {@code bound}: {@code min(max(x, m), M)}. */
    static double bound(double x, double m, double big) {
        return Math.min(Math.max(x, m), big);
    }

    /** The free end is above the target height: {@code -cos(theta1) - cos(theta2 + theta1) > 1}. */
    static boolean isTerminal(double theta1, double theta2) {
        return -StrictMath.cos(theta1) - StrictMath.cos(theta2 + theta1) > 1.0;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    /** {@code [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2]} as float32. */
    @Override
    public void observe(float[] out, int offset) {
        checkHasState();
        out[offset] = (float) StrictMath.cos(s[0]);
        out[offset + 1] = (float) StrictMath.sin(s[0]);
        out[offset + 2] = (float) StrictMath.cos(s[1]);
        out[offset + 3] = (float) StrictMath.sin(s[1]);
        out[offset + 4] = (float) s[2];
        out[offset + 5] = (float) s[3];
    }

    /** {@code [theta1, theta2, dtheta1, dtheta2]}. */
    @Override
    public double[] state() {
        return s.clone();
    }

    /**
     * Sets {@code [theta1, theta2, dtheta1, dtheta2]} as given (no wrapping, no float32 rounding) and clears the
     * terminated flag, as after a reset.
     */
    @Override
    public void setState(double[] state) {
        EnvSupport.checkState(ID, state, 4, "[theta1, theta2, dtheta1, dtheta2]");
        System.arraycopy(state, 0, s, 0, 4);
        markHasState();
        terminated = false;
    }
}
