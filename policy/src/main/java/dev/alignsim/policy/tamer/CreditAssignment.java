package dev.alignsim.policy.tamer;

/**
 * TAMER's credit assignment: a judgement that arrives at step t concerns an action the person saw a little earlier,
 * so it is credited uniformly to the steps {@code t - window + 1 .. t} of the same episode (Knox and Stone credit a
 * window of human reaction times). Minimising {@code sum_j sum_k c_jk (H(s_k, a_k) - h_j)^2} over judgements j and
 * steps k is, up to a constant, the weighted regression {@code sum_k w_k (H(s_k, a_k) - y_k)^2} with weight
 * {@code w_k = sum_j c_jk} and target {@code y_k = sum_j c_jk h_j / w_k}: this class computes those targets.
 */
public final class CreditAssignment {
    private CreditAssignment() {}

    /**
     * Regression targets and weights of one environment's steps; a step no judgement covers has weight 0.
     *
     * @param steps the steps, in time order
     * @param episodeStart per step, whether an episode starts at it (credit never crosses an episode's start)
     * @param judgedAt per judgement, the step at which it arrived
     * @param judgements per judgement, the person's score
     * @param window how many steps, back from its arrival, a judgement is spread over
     */
    public static Targets targets(int steps, boolean[] episodeStart, int[] judgedAt, double[] judgements, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the credit window must be >= 1 step, got " + window);
        }
        if (judgedAt.length != judgements.length || episodeStart.length != steps) {
            throw new IllegalArgumentException("judgements and their steps, or steps and episode starts, differ in number");
        }
        double[] weight = new double[steps];
        double[] weightedSum = new double[steps];
        for (int j = 0; j < judgedAt.length; j++) {
            int arrival = judgedAt[j];
            if (arrival < 0 || arrival >= steps) {
                throw new IllegalArgumentException("judgement " + j + " arrived at step " + arrival + ", outside 0.." + (steps - 1));
            }
            int first = arrival;
            while (first > arrival - window + 1 && first > 0 && !episodeStart[first]) {
                first--;
            }
            double credit = 1.0 / (arrival - first + 1);
            for (int k = first; k <= arrival; k++) {
                weight[k] += credit;
                weightedSum[k] += credit * judgements[j];
            }
        }
        double[] target = new double[steps];
        for (int k = 0; k < steps; k++) {
            target[k] = weight[k] > 0 ? weightedSum[k] / weight[k] : 0.0;
        }
        return new Targets(target, weight);
    }

    /** Per step: the regression target and its weight. */
    public record Targets(double[] target, double[] weight) {}
}
