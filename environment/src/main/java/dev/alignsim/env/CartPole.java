package dev.alignsim.env;

/**
 * CartPole-v1: a port of Gymnasium's {@code gymnasium/envs/classic_control/cartpole.py} ({@code CartPoleEnv}),
 * with the default {@code "euler"} kinematics integrator and the default (non Sutton-Barto) reward.
 *
 * <p>Constants, equations and the order of the updates are those of the Python source so that a trajectory from
 * the same state and actions agrees to rounding. The state is float64 like Gymnasium's; observations are the
 * state cast to float32, as {@code np.array(self.state, dtype=np.float32)}. Sine and cosine are {@link StrictMath}'s
 * (fdlibm) so that results are the same on every JVM and CPU; they can differ from C's libm in the last bit.
 */
public final class CartPole extends ClassicControlEnv {

    public static final String ID = "CartPole-v1";

    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Actually half the pole's length, as in Gymnasium. */
    static final double LENGTH = 0.5;
    static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    /** Seconds between state updates. */
    static final double TAU = 0.02;
    /** Angle at which the episode fails: 12 degrees, written as Gymnasium writes it. */
    static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;

    private static final int MAX_EPISODE_STEPS = 500;
    private static final double RESET_BOUND = 0.05;

    /** Angle limit is twice the failure threshold so that a failing observation is still inside the space. */
    private static final Space OBSERVATION_SPACE = EnvSupport.symmetricBox(
            (float) (X_THRESHOLD * 2), Float.MAX_VALUE, (float) (THETA_THRESHOLD_RADIANS * 2), Float.MAX_VALUE);
    private static final Space ACTION_SPACE = new Space.Discrete(2);

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean terminated;
    /** Gymnasium's {@code steps_beyond_terminated}: -1 stands for {@code None}. */
    private int stepsBeyondTerminated = -1;

    public CartPole() {
        super(ID, OBSERVATION_SPACE, ACTION_SPACE, MAX_EPISODE_STEPS);
    }

    /** All four state variables uniform in [-0.05, 0.05), drawn in state order like {@code np_random.uniform(size=(4,))}. */
    @Override
    public void reset(Rng rng) {
        x = rng.uniform(-RESET_BOUND, RESET_BOUND);
        xDot = rng.uniform(-RESET_BOUND, RESET_BOUND);
        theta = rng.uniform(-RESET_BOUND, RESET_BOUND);
        thetaDot = rng.uniform(-RESET_BOUND, RESET_BOUND);
        markHasState();
        terminated = false;
        stepsBeyondTerminated = -1;
    }

    /** Action 1 pushes right with {@code force_mag}, action 0 pushes left. */
    @Override
    public double step(float[] actions, int offset) {
        int action = EnvSupport.discrete(ID, actions[offset], 2);
        checkHasState();
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double costheta = StrictMath.cos(theta);
        double sintheta = StrictMath.sin(theta);

        // https://coneural.org/florian/papers/05_cart_pole.pdf, term for term as in cartpole.py.
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
        double thetaacc = (GRAVITY * sintheta - costheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (costheta * costheta) / TOTAL_MASS));
        double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;

        // Explicit Euler: each position moves with the OLD velocity, then the velocity is updated.
        x = x + TAU * xDot;
        xDot = xDot + TAU * xacc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaacc;

        terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;

        // Reward 1 on every step including the one that terminates; Gymnasium gives 0 only to steps taken
        // after termination without a reset (which a vector env with auto-reset never does).
        if (!terminated) {
            return 1.0;
        }
        if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0;
            return 1.0;
        }
        stepsBeyondTerminated++;
        return 0.0;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observe(float[] out, int offset) {
        checkHasState();
        out[offset] = (float) x;
        out[offset + 1] = (float) xDot;
        out[offset + 2] = (float) theta;
        out[offset + 3] = (float) thetaDot;
    }

    /** {@code [x, x_dot, theta, theta_dot]}. */
    @Override
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    /**
     * Sets {@code [x, x_dot, theta, theta_dot]}. The environment then behaves as if freshly reset into that state
     * (not terminated, no steps beyond termination).
     */
    @Override
    public void setState(double[] state) {
        EnvSupport.checkState(ID, state, 4, "[x, x_dot, theta, theta_dot]");
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        markHasState();
        terminated = false;
        stepsBeyondTerminated = -1;
    }
}
