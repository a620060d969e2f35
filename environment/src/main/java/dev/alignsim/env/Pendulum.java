package dev.alignsim.env;

/**
 * Pendulum-v1: a port of Gymnasium's {@code gymnasium/envs/classic_control/pendulum.py} ({@code PendulumEnv}) with
 * the default {@code g = 10.0}.
 *
 * <p>The torque is clipped to [-2, 2] in float32 (as {@code np.clip} on the float32 action), the cost is taken on the
 * state BEFORE the update, then the angular velocity is updated, clipped to [-8, 8], and the angle advanced with the
 * new velocity (semi-implicit Euler). The task never terminates; only the time limit (200 steps) ends an episode.
 *
 * <p>Precision follows NumPy 2 (NEP 50), the NumPy of Gymnasium 1.x: the state is float64, but the two terms that
 * only involve the float32 torque, {@code 0.001 * u**2} and {@code 3.0 / (m * l**2) * u}, are computed in float32
 * (a Python float meeting a NumPy float32 scalar stays float32) and widened when added to float64 terms. With this,
 * steps agree with the Python source under NumPy 2 up to the last-bit differences between Java's {@code StrictMath.sin}
 * and C's libm. (NumPy 1.x computed those two products in float64 after squaring in float32; the difference is below
 * float32 observation precision.)
 *
 * <p>Sine and cosine are {@link StrictMath}'s (fdlibm) so that results are the same on every JVM and CPU.
 */
public final class Pendulum extends ClassicControlEnv {

    public static final String ID = "Pendulum-v1";

    static final double MAX_SPEED = 8;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;

    private static final int MAX_EPISODE_STEPS = 200;
    /** Gymnasium's {@code DEFAULT_X} and {@code DEFAULT_Y}: the reset box is [-pi, pi] x [-1, 1]. */
    private static final double DEFAULT_X = Math.PI;
    private static final double DEFAULT_Y = 1.0;

    private static final Space OBSERVATION_SPACE = EnvSupport.symmetricBox(1f, 1f, (float) MAX_SPEED);
    private static final Space ACTION_SPACE = EnvSupport.symmetricBox((float) MAX_TORQUE);

    private double th;
    private double thdot;

    public Pendulum() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, MAX_EPISODE_STEPS);
    }

    /** Angle uniform in [-pi, pi), then angular velocity uniform in [-1, 1), the order of {@code uniform(low, high)}. */
    @Override
    public void reset(Rng rng) {
        th = rng.uniform(-DEFAULT_X, DEFAULT_X);
        thdot = rng.uniform(-DEFAULT_Y, DEFAULT_Y);
        markHasState();
    }

    @Override
    public double step(float[] actions, int offset) {
        float raw = EnvSupport.continuous(ID, actions[offset]);
        checkHasState();
        float u = clip(raw, (float) -MAX_TORQUE, (float) MAX_TORQUE);
        double costs = cost(th, thdot, u);

        float torqueTerm = (float) (3.0 / (M * (L * L))) * u; // float32, see the class comment
        double newthdot = thdot + (3 * G / (2 * L) * StrictMath.sin(th) + torqueTerm) * DT;
        newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
        double newth = th + newthdot * DT;

        th = newth;
        thdot = newthdot;
        return -costs;
    }

    /**
     * {@code angle_normalize(th)**2 + .1 * thdot**2 + .001 * u**2}: 0 upright and still, with no torque. The torque
     * term is float32 arithmetic on the float32 torque, as in NumPy 2.
     */
    static double cost(double th, double thdot, float u) {
        double a = angleNormalize(th);
        float torqueCost = 0.001f * (u * u);
        return a * a + 0.1 * (thdot * thdot) + torqueCost;
    }

    /**
     * Gymnasium's {@code angle_normalize}: {@code ((x + pi) % (2 * pi)) - pi} with Python's floored modulo (the result
     * takes the divisor's sign), so any angle maps into [-pi, pi).
     */
    static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        double mod = (x + Math.PI) % period;
        if (mod < 0) {
            mod += period;
        }
        return mod - Math.PI;
    }

    private static float clip(float value, float low, float high) {
        return Math.min(Math.max(value, low), high);
    }

    /** Pendulum never terminates by its own rule. */
    @Override
    public boolean terminated() {
        return false;
    }

    /** {@code [cos theta, sin theta, theta_dot]} as float32. */
    @Override
    public void observe(float[] out, int offset) {
        checkHasState();
        out[offset] = (float) StrictMath.cos(th);
        out[offset + 1] = (float) StrictMath.sin(th);
        out[offset + 2] = (float) thdot;
    }

    /** {@code [th, thdot]}. */
    @Override
    public double[] state() {
        return new double[] {th, thdot};
    }

    /** Sets {@code [th, thdot]} as given; the angle is not normalised, as Gymnasium keeps it unbounded too. */
    @Override
    public void setState(double[] state) {
        EnvSupport.checkState(ID, state, 2, "[th, thdot]");
        th = state[0];
        thdot = state[1];
        markHasState();
    }
}
