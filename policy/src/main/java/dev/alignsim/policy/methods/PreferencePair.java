package dev.alignsim.policy.methods;

import dev.alignsim.policy.rm.BradleyTerryLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * One preference: the response a labeler chose over the one they rejected, as indices into a prompt's K
 * responses. DPO trains on such pairs (y_w, y_l).
 */
public record PreferencePair(int chosen, int rejected) {
    public PreferencePair {
        if (chosen < 0 || rejected < 0 || chosen == rejected) {
            throw new IllegalArgumentException("a preference pair needs two different non-negative response indices, got chosen = "
                    + chosen + ", rejected = " + rejected);
        }
    }

    /**
     * All C(K,2) pairs a K-wise ranking (indices, best first) implies, every better response chosen over every
     * worse one, in the reward model's order ({@link BradleyTerryLoss#pairs}), so that DPO and the reward model
     * learn from the same comparisons.
     *
     * @throws IllegalArgumentException when the ranking has fewer than 2 entries or does not order 0..K-1 once each
     */
    public static List<PreferencePair> fromRanking(int[] ranking) {
        if (ranking == null || ranking.length < 2) {
            throw new IllegalArgumentException("ranking must order at least 2 responses, got "
                    + (ranking == null ? "null" : ranking.length));
        }
        List<PreferencePair> pairs = new ArrayList<>(ranking.length * (ranking.length - 1) / 2);
        for (BradleyTerryLoss.Pair p : BradleyTerryLoss.pairs(ranking)) {
            pairs.add(new PreferencePair(p.winner(), p.loser()));
        }
        return pairs;
    }
}
