package dev.alignsim.policy.preference;

import ai.djl.ndarray.NDArray;
import dev.alignsim.policy.rm.BradleyTerryLoss;

/**
 * Christiano et al.'s preference loss: a segment's predicted worth is the sum of the learned per-step rewards over its
 * steps, and the probability that a labeler prefers one segment is the Bradley-Terry (softmax) of the two sums, so
 * the loss of a pair is {@code -log sigmoid(sum_winner - sum_loser)}, averaged over pairs. A pair is a ranking of two
 * for {@link BradleyTerryLoss}, so the control worlds and ChatWorld share one loss.
 */
public final class SegmentBradleyTerry {
    private SegmentBradleyTerry() {}

    /**
     * @param stepRewards (pairs, 2, L) learned reward of every step of both segments of each pair
     * @param mask (pairs, 2, L) 1 for a segment's steps, 0 for the padding after a segment that ended early
     * @param preferred per pair, 0 when the first segment was preferred, 1 when the second was
     */
    public static NDArray loss(NDArray stepRewards, NDArray mask, int[] preferred) {
        NDArray sums = stepRewards.mul(mask).sum(new int[] {2});
        int[][] rankings = new int[preferred.length][];
        for (int i = 0; i < preferred.length; i++) {
            rankings[i] = new int[] {preferred[i], 1 - preferred[i]};
        }
        return BradleyTerryLoss.loss(sums, rankings, 0f);
    }

    /** The model's probability that the segment worth {@code firstSum} is preferred to the one worth {@code secondSum}. */
    public static double probabilityFirst(double firstSum, double secondSum) {
        return 1.0 / (1.0 + Math.exp(secondSum - firstSum));
    }
}
