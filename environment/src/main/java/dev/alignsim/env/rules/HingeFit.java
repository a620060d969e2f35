package dev.alignsim.env.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fits the rule weights as Mu et al. (2024) fit their rule-based reward: a linear model over the rubric's classes such
 * that, on a small fitting set, every completion's total reward (its offset — the reward model's score — plus its
 * class's weight) beats that of every worse completion of the same prompt by {@code margin}, with a hinge loss:
 *
 * <pre>  min_w  (λ/2)·‖w‖² + (1/N)·Σ_pairs max(0, margin − [(o_i + w_ci) − (o_j + w_cj)])</pre>
 *
 * over the N pairs (i better than j). It is a linear SVM without bias on the features e_ci − e_cj, solved exactly by
 * dual coordinate descent (Hsieh et al. 2008): deterministic, and with no step size to tune. Pairs whose two
 * completions share a class are left out: no weight can order them.
 */
public final class HingeFit {
    private static final int MAX_SWEEPS = 10_000;
    private static final double TOLERANCE = 1e-12;

    /** One fitting prompt's completions: their classes, offsets and tiers (0 is ideal; a lower tier must rank higher). */
    public record Example(RuleClass[] classes, double[] offsets, int[] tiers) {
        public Example {
            Objects.requireNonNull(classes, "classes");
            Objects.requireNonNull(offsets, "offsets");
            Objects.requireNonNull(tiers, "tiers");
            if (offsets.length != classes.length || tiers.length != classes.length) {
                throw new IllegalArgumentException("an example needs one class, offset and tier per completion, got " + classes.length
                        + " classes, " + offsets.length + " offsets and " + tiers.length + " tiers");
            }
            for (int i = 0; i < offsets.length; i++) {
                if (!Double.isFinite(offsets[i])) {
                    throw new IllegalArgumentException("offset " + i + " (the reward model's score of completion " + i + ") must be finite, got "
                            + offsets[i]);
                }
            }
            classes = classes.clone();
            offsets = offsets.clone();
            tiers = tiers.clone();
        }
    }

    /**
     * The fitted weights and how well they order the fitting pairs.
     *
     * @param pairs the pairs the fit saw (completions of different classes and tiers)
     * @param ordered the share of them whose better completion ends with the higher total reward
     * @param loss the objective at the weights
     */
    public record Result(RuleWeights weights, int pairs, double ordered, double loss) {}

    private HingeFit() {}

    /**
     * @throws IllegalArgumentException if {@code margin} is negative, {@code l2} not positive, or no pair can be ordered
     */
    public static Result fit(List<Example> examples, double margin, double l2) {
        Objects.requireNonNull(examples, "examples");
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException("chat.rules.fit_margin must be finite and >= 0, got " + margin);
        }
        if (!(l2 > 0 && Double.isFinite(l2))) {
            throw new IllegalArgumentException("chat.rules.fit_l2 must be finite and > 0, got " + l2);
        }
        List<int[]> classPairs = new ArrayList<>();
        List<Double> margins = new ArrayList<>();
        for (Example e : examples) {
            for (int i = 0; i < e.classes().length; i++) {
                for (int j = 0; j < e.classes().length; j++) {
                    if (e.tiers()[i] < e.tiers()[j] && e.classes()[i] != e.classes()[j]) {
                        classPairs.add(new int[] {e.classes()[i].ordinal(), e.classes()[j].ordinal()});
                        // The weights must make up what the offsets lack: w_ci - w_cj >= margin - (o_i - o_j).
                        margins.add(margin - (e.offsets()[i] - e.offsets()[j]));
                    }
                }
            }
        }
        int n = classPairs.size();
        if (n == 0) {
            throw new IllegalArgumentException("the fitting set has no pair of completions of different classes and tiers to order");
        }
        // Dividing the objective by λ gives the SVM form ½‖w‖² + C·Σ hinge with C = 1 / (λ N).
        double c = 1.0 / (l2 * n);
        double[] w = new double[RuleClass.values().length];
        double[] alpha = new double[n];
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double largestStep = 0;
            for (int p = 0; p < n; p++) {
                int[] cp = classPairs.get(p);
                double gradient = w[cp[0]] - w[cp[1]] - margins.get(p);
                // ‖e_ci − e_cj‖² = 2.
                double next = Math.min(c, Math.max(0.0, alpha[p] - gradient / 2.0));
                double step = next - alpha[p];
                if (step != 0.0) {
                    w[cp[0]] += step;
                    w[cp[1]] -= step;
                    alpha[p] = next;
                    largestStep = Math.max(largestStep, Math.abs(step));
                }
            }
            if (largestStep < TOLERANCE) {
                break;
            }
        }
        int ordered = 0;
        double hinge = 0;
        for (int p = 0; p < n; p++) {
            int[] cp = classPairs.get(p);
            double gap = w[cp[0]] - w[cp[1]];
            double offsetGap = margin - margins.get(p);
            ordered += gap + offsetGap > 0 ? 1 : 0;
            hinge += Math.max(0.0, margins.get(p) - gap);
        }
        double norm = 0;
        for (double x : w) {
            norm += x * x;
        }
        return new Result(RuleWeights.of(w), n, (double) ordered / n, l2 / 2 * norm + hinge / n);
    }
}
