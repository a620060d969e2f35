package dev.alignsim.actors.dpo;

import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.policy.methods.PreferenceBatch;
import dev.alignsim.policy.methods.PreferencePair;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DPO's pairs from the label stage's stored comparisons: each K-wise ranking expanded to all C(K,2) pairs it implies
 * ({@link PreferencePair#fromRanking}, every better response chosen over every worse one), as InstructGPT's reward
 * model trains on them, so that DPO and the rm stage learn from the same preferences. The comparisons the label stage
 * held out ({@code Comparison.heldout}) give the held-out pairs, never trained on. A pair of two identical answers
 * (a small world's reference often writes the same answer twice) states no preference: DPO's and IPO's losses have no
 * gradient on it and its implicit rewards tie, so it is left out and counted ({@code identical}).
 */
final class DpoPairs {
    /** Prompts, chosen and rejected responses of some pairs, in comparison order, then ranking order. */
    record Pairs(int[][] prompts, int[][] chosen, int[][] rejected, int identical) {
        int size() {
            return prompts.length;
        }

        /** With the reference's summed log-probs of both responses: what the learner trains on. */
        PreferenceBatch withReference(SequencePolicy reference) {
            return PreferenceBatch.of(reference, prompts, chosen, rejected);
        }
    }

    private DpoPairs() {}

    /**
     * The pairs of the label stage's comparisons that are held out ({@code heldout}) or not.
     *
     * @throws IllegalStateException when the store holds no such comparison
     */
    static Pairs of(StageContext context, boolean heldout) {
        long labelIteration = context.settings().pipeline().indexOf(StageName.LABEL);
        List<Comparison> comparisons = labelIteration < 0 ? List.of() : context.store().comparisons().range(labelIteration, labelIteration);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> chosen = new ArrayList<>();
        List<int[]> rejected = new ArrayList<>();
        int identical = 0;
        for (Comparison c : comparisons) {
            if (c.getHeldout() != heldout) {
                continue;
            }
            int[] prompt = c.getPromptTokensList().stream().mapToInt(Integer::intValue).toArray();
            int[][] responses = c.getResponsesList().stream().map(r -> r.getTokensList().stream().mapToInt(Integer::intValue).toArray())
                    .toArray(int[][]::new);
            for (PreferencePair pair : PreferencePair.fromRanking(c.getRankingList().stream().mapToInt(Integer::intValue).toArray())) {
                if (Arrays.equals(responses[pair.chosen()], responses[pair.rejected()])) {
                    identical++;
                    continue;
                }
                prompts.add(prompt);
                chosen.add(responses[pair.chosen()]);
                rejected.add(responses[pair.rejected()]);
            }
        }
        if (prompts.isEmpty()) {
            throw new IllegalStateException("the dpo stage found no " + (heldout ? "held-out" : "training")
                    + " comparison of the label stage in the store (it holds " + comparisons.size() + "); run the label stage first");
        }
        return new Pairs(prompts.toArray(int[][]::new), chosen.toArray(int[][]::new), rejected.toArray(int[][]::new), identical);
    }
}
