package dev.alignsim.policy.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How often a reward model (or the labelers) order two responses of one prompt the way a reference does. The
 * reward model is trained on labeler rankings, so its accuracy on the ranking pairs says how well it fits its
 * training signal; the simulator also knows each response's gold utility, so accuracy on gold pairs says how well
 * the reward model (or the labelers themselves) track what is actually good. Pairs whose gold gap is at most a
 * threshold are left out of the gold measures, because a near-tie in gold is noise, not a preference.
 *
 * <p>An exact tie in the model's scores counts one half: the model neither gets the pair right nor wrong, and a
 * constant model thus scores 0.5, the chance level. Pairs are pooled over prompts (every pair weighs the same,
 * not every prompt), and when a measure has no pair to judge its accuracy is NaN.
 */
public final class PairAccuracy {
    private PairAccuracy() {}

    /**
     * One prompt's K responses: the reward model's scores, the labelers' ranking (indices, best first, a
     * permutation of 0..K-1) and the gold utilities. The arrays are copied in and out.
     */
    public record Prompt(double[] scores, int[] ranking, double[] gold) {
        public Prompt {
            Objects.requireNonNull(scores, "scores");
            Objects.requireNonNull(ranking, "ranking");
            Objects.requireNonNull(gold, "gold");
            int k = scores.length;
            if (k < 2) {
                throw new IllegalArgumentException("a prompt needs at least 2 responses to form a pair, got " + k + " scores");
            }
            if (ranking.length != k || gold.length != k) {
                throw new IllegalArgumentException("a prompt's scores, ranking and gold must have one entry per response, got "
                        + k + " scores, " + ranking.length + " ranks and " + gold.length + " gold utilities");
            }
            requireFinite("scores", scores);
            requireFinite("gold", gold);
            boolean[] seen = new boolean[k];
            for (int r : ranking) {
                if (r < 0 || r >= k || seen[r]) {
                    throw new IllegalArgumentException("a ranking of " + k + " must order 0.." + (k - 1) + " once each, got "
                            + Arrays.toString(ranking));
                }
                seen[r] = true;
            }
            scores = scores.clone();
            ranking = ranking.clone();
            gold = gold.clone();
        }

        @Override
        public double[] scores() {
            return scores.clone();
        }

        @Override
        public int[] ranking() {
            return ranking.clone();
        }

        @Override
        public double[] gold() {
            return gold.clone();
        }

        private static void requireFinite(String name, double[] values) {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
                }
            }
        }
    }

    /**
     * An accuracy over pairs.
     *
     * @param accuracy {@code correct / pairs}, NaN when {@code pairs == 0}
     * @param correct pairs ordered as the reference orders them, ties counting 1/2 (so possibly half-integer)
     * @param pairs pairs judged
     */
    public record Result(double accuracy, double correct, int pairs) {}

    /**
     * The reward model's accuracy on the C(K,2) pairs each labeler ranking implies: the fraction where the
     * preferred response scores strictly higher, an exact tie counting 1/2.
     */
    public static Result labelerPairAccuracy(List<Prompt> prompts) {
        Objects.requireNonNull(prompts, "prompts");
        double correct = 0;
        int pairs = 0;
        for (Prompt p : prompts) {
            for (int i = 0; i < p.ranking.length; i++) {
                for (int j = i + 1; j < p.ranking.length; j++) {
                    correct += credit(p.scores[p.ranking[i]], p.scores[p.ranking[j]]);
                    pairs++;
                }
            }
        }
        return result(correct, pairs);
    }

    /**
     * The reward model's accuracy on gold pairs: over all pairs of responses of one prompt whose gold gap exceeds
     * {@code threshold} (strictly), the fraction the model orders as gold does, an exact score tie counting 1/2.
     *
     * @param threshold a gap in gold utility, finite and at least 0; 0 keeps every pair that is not an exact gold tie
     */
    public static Result goldPairAccuracy(List<Prompt> prompts, double threshold) {
        return overGoldPairs(prompts, threshold, false);
    }

    /**
     * The labelers' agreement with gold ("labelers/agreement"): over the same pairs as
     * {@link #goldPairAccuracy(List, double)}, the fraction the labeler ranking orders as gold does. A ranking
     * has no ties, so every pair counts 0 or 1.
     */
    public static Result labelerGoldAgreement(List<Prompt> prompts, double threshold) {
        return overGoldPairs(prompts, threshold, true);
    }

    private static Result overGoldPairs(List<Prompt> prompts, double threshold, boolean judgeLabelers) {
        Objects.requireNonNull(prompts, "prompts");
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite gold gap >= 0, got " + threshold);
        }
        double correct = 0;
        int pairs = 0;
        for (Prompt p : prompts) {
            int k = p.gold.length;
            int[] position = new int[k];
            for (int r = 0; r < k; r++) {
                position[p.ranking[r]] = r;
            }
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (!(Math.abs(p.gold[a] - p.gold[b]) > threshold)) {
                        continue;
                    }
                    int better = p.gold[a] > p.gold[b] ? a : b;
                    int worse = better == a ? b : a;
                    correct += judgeLabelers
                            ? (position[better] < position[worse] ? 1 : 0)
                            : credit(p.scores[better], p.scores[worse]);
                    pairs++;
                }
            }
        }
        return result(correct, pairs);
    }

    /** 1 when the response that should win scores higher, 1/2 on an exact tie, 0 otherwise. */
    private static double credit(double shouldWin, double shouldLose) {
        return shouldWin > shouldLose ? 1 : shouldWin == shouldLose ? 0.5 : 0;
    }

    private static Result result(double correct, int pairs) {
        return new Result(pairs == 0 ? Double.NaN : correct / pairs, correct, pairs);
    }
}
