package dev.alignsim.policy.rm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reward model's loss over K-wise rankings, as InstructGPT trains it: every one of the C(K,2) pairs of a
 * ranking is a Bradley-Terry comparison, {@code -log sigmoid(r_w - r_l - margin)}, averaged over the pairs of a
 * prompt, and each prompt (not each pair) is one batch element, so that prompts with many responses do not
 * dominate and the pairs of one prompt do not overfit as separate examples.
 */
public final class BradleyTerryLoss {
    private BradleyTerryLoss() {}

    /** A preferred and a rejected response, as indices into a prompt's K responses. */
    public record Pair(int winner, int loser) {}

    /** All C(K,2) pairs a ranking (indices, best first) implies. */
    public static List<Pair> pairs(int[] ranking) {
        List<Pair> pairs = new ArrayList<>(ranking.length * (ranking.length - 1) / 2);
        boolean[] seen = new boolean[ranking.length];
        for (int r : ranking) {
            if (r < 0 || r >= ranking.length || seen[r]) {
                throw new IllegalArgumentException("a ranking of " + ranking.length + " must order 0.." + (ranking.length - 1)
                        + " once each, got " + Arrays.toString(ranking));
            }
            seen[r] = true;
        }
        for (int i = 0; i < ranking.length; i++) {
            for (int j = i + 1; j < ranking.length; j++) {
                pairs.add(new Pair(ranking[i], ranking[j]));
            }
        }
        return pairs;
    }

    /**
     * The mean over prompts of each prompt's mean pair loss.
     *
     * @param scores (B, K) reward-model scores, row b = prompt b's K responses
     * @param rankings one ranking of K per prompt
     * @param margin required score gap (0 for the plain Bradley-Terry loss)
     */
    public static NDArray loss(NDArray scores, int[][] rankings, float margin) {
        int prompts = Math.toIntExact(scores.getShape().get(0));
        int k = Math.toIntExact(scores.getShape().get(1));
        if (rankings.length != prompts) {
            throw new IllegalArgumentException(rankings.length + " rankings for " + prompts + " prompts");
        }
        int perPrompt = k * (k - 1) / 2;
        long[] winners = new long[prompts * perPrompt];
        long[] losers = new long[prompts * perPrompt];
        int at = 0;
        for (int b = 0; b < prompts; b++) {
            if (rankings[b].length != k) {
                throw new IllegalArgumentException("prompt " + b + " ranks " + rankings[b].length + " responses, expected " + k);
            }
            for (Pair p : pairs(rankings[b])) {
                winners[at] = (long) b * k + p.winner();
                losers[at] = (long) b * k + p.loser();
                at++;
            }
        }
        NDManager manager = scores.getManager();
        NDArray flat = scores.reshape(-1);
        NDArray gap = flat.get(manager.create(winners)).sub(flat.get(manager.create(losers)));
        NDArray shifted = Scalars.plus(gap, -margin);
        // -log sigmoid(x) = softplus(-x), computed stably as max(-x, 0) + log(1 + exp(-|x|)).
        NDArray negative = shifted.neg();
        NDArray softplus = negative.maximum(Scalars.constant(negative, 0f))
                .add(Scalars.plus(shifted.abs().neg().exp(), 1f).log());
        // Mean per prompt first, then over prompts: each prompt is one batch element.
        return softplus.reshape(new Shape(prompts, perPrompt)).mean(new int[] {1}).mean();
    }
}
