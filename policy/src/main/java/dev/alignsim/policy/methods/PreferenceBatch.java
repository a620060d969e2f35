package dev.alignsim.policy.methods;

import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;

/**
 * DPO's training set: pair i is prompt i with the chosen response i preferred to the rejected response i, and each
 * response's log-probability under the frozen reference summed over its real tokens (EOS included, temperature 1).
 * The reference's sums are computed once, here: they never change while the policy trains.
 */
public record PreferenceBatch(int[][] prompts, int[][] chosen, int[][] rejected, float[] referenceChosen, float[] referenceRejected) {
    /** Rows per reference forward pass, to bound its memory. */
    private static final int CHUNK = 256;

    public PreferenceBatch {
        int n = prompts.length;
        if (n == 0) {
            throw new IllegalArgumentException("DPO needs at least one preference pair, got none");
        }
        Checks.length("chosen", chosen.length, n, "one per prompt");
        Checks.length("rejected", rejected.length, n, "one per prompt");
        Checks.length("referenceChosen", referenceChosen.length, n, "one per prompt");
        Checks.length("referenceRejected", referenceRejected.length, n, "one per prompt");
    }

    /** The pairs with the reference's summed log-probs of both responses. */
    public static PreferenceBatch of(SequencePolicy reference, int[][] prompts, int[][] chosen, int[][] rejected) {
        return new PreferenceBatch(prompts, chosen, rejected, sequenceLogProbs(reference, prompts, chosen),
                sequenceLogProbs(reference, prompts, rejected));
    }

    public int size() {
        return prompts.length;
    }

    /** Each response's log-probability under {@code policy} at temperature 1, summed over its real tokens; no gradient. */
    public static float[] sequenceLogProbs(SequencePolicy policy, int[][] prompts, int[][] responses) {
        int n = prompts.length;
        int width = policy.spec().responseLength();
        float[] out = new float[n];
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            int[][] p = Arrays.copyOfRange(prompts, start, end);
            int[][] r = Arrays.copyOfRange(responses, start, end);
            float[] tokens = policy.tokenLogProbs(p, r, 1.0);
            int[] lengths = SequenceBatch.of(policy.spec(), p, r).responseLengths();
            for (int b = 0; b < end - start; b++) {
                float sum = 0;
                for (int t = 0; t < lengths[b]; t++) {
                    sum += tokens[b * width + t];
                }
                out[start + b] = sum;
            }
        }
        return out;
    }
}
