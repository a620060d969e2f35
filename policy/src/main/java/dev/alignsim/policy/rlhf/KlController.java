package dev.alignsim.policy.rlhf;

/**
 * The KL penalty coefficient β of {@code r_t = -β (log π - log π_ref)}: fixed, or adaptive in the form of
 * Ziegler et al.'s original code, {@code e = clip(KL / target - 1, -0.2, 0.2); β ← β (1 + e n / horizon)},
 * with n the number of samples the KL was measured on. The proportional error is clipped so that one noisy
 * batch cannot move β by much.
 */
public final class KlController {
    private final boolean adaptive;
    private final double target;
    private final double horizon;
    private double beta;

    private KlController(double beta, boolean adaptive, double target, double horizon) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("ppo.kl_coef must be finite and >= 0, got " + beta);
        }
        if (adaptive && !(target > 0 && Double.isFinite(target))) {
            throw new IllegalArgumentException("ppo.kl_target must be positive and finite, got " + target);
        }
        if (adaptive && !(horizon > 0 && Double.isFinite(horizon))) {
            throw new IllegalArgumentException("ppo.kl_horizon must be positive and finite, got " + horizon);
        }
        this.beta = beta;
        this.adaptive = adaptive;
        this.target = target;
        this.horizon = horizon;
    }

    public static KlController fixed(double beta) {
        return new KlController(beta, false, Double.NaN, Double.NaN);
    }

    public static KlController adaptive(double initialBeta, double target, double horizon) {
        return new KlController(initialBeta, true, target, horizon);
    }

    /** The current coefficient. */
    public double beta() {
        return beta;
    }

    /** Updates β from the KL measured on {@code samples} sequences; a fixed controller ignores it. */
    public void update(double kl, long samples) {
        if (!adaptive) {
            return;
        }
        if (!Double.isFinite(kl)) {
            throw new IllegalArgumentException("the measured KL must be finite, got " + kl);
        }
        double error = Math.max(-0.2, Math.min(0.2, kl / target - 1.0));
        beta *= 1.0 + error * samples / horizon;
    }
}
