package dev.alignsim.policy.methods;

/**
 * Conservative rewards from an ensemble of reward models (Coste et al. 2023, "Reward Model Ensembles Help Mitigate
 * Overoptimization"): each response's score is combined over the members so that a response the members disagree
 * on scores lower, which holds the policy back where the reward models are unsure. Scores are
 * {@code [members][responses]}, every member scoring the same responses.
 *
 * <p>{@link dev.alignsim.policy.rm.RewardEnsemble.Scores} keeps only the mean and the sample std of the members;
 * these objectives need the members' own scores.
 */
public final class ConservativeRewards {
    private ConservativeRewards() {}

    /** The members' mean per response: the plain ensemble (Coste et al.'s "mean"). */
    public static double[] mean(double[][] scores) {
        int responses = check(scores);
        double[] mean = new double[responses];
        for (double[] member : scores) {
            for (int i = 0; i < responses; i++) {
                mean[i] += member[i];
            }
        }
        for (int i = 0; i < responses; i++) {
            mean[i] /= scores.length;
        }
        return mean;
    }

    /** The lowest member's score per response: worst-case optimisation (WCO), the most conservative. */
    public static double[] worstCase(double[][] scores) {
        int responses = check(scores);
        double[] min = scores[0].clone();
        for (double[] member : scores) {
            for (int i = 0; i < responses; i++) {
                min[i] = Math.min(min[i], member[i]);
            }
        }
        return min;
    }

    /**
     * Uncertainty-weighted optimisation (UWO): {@code mean - λ var} per response, with the <em>population</em>
     * variance of the members (divisor = members), as the paper writes it. One member has variance 0.
     *
     * @param lambda the penalty λ on disagreement, finite and >= 0
     */
    public static double[] uncertaintyWeighted(double[][] scores, double lambda) {
        Checks.nonNegative("lambda", lambda);
        double[] mean = mean(scores);
        double[] variance = new double[mean.length];
        for (double[] member : scores) {
            for (int i = 0; i < mean.length; i++) {
                variance[i] += (member[i] - mean[i]) * (member[i] - mean[i]);
            }
        }
        double[] out = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            out[i] = mean[i] - lambda * variance[i] / scores.length;
        }
        return out;
    }

    /** At least one member, each scoring the same (at least one) responses, all finite; the number of responses. */
    private static int check(double[][] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("scores must hold at least one member's scores ([members][responses]), got "
                    + (scores == null ? "null" : "none"));
        }
        Checks.finite("scores[0]", scores[0]);
        int responses = scores[0].length;
        for (int m = 1; m < scores.length; m++) {
            Checks.finite("scores[" + m + "]", scores[m]);
            Checks.length("scores[" + m + "]", scores[m].length, responses, "every member scores the same responses as scores[0]");
        }
        return responses;
    }
}
