package dev.alignsim.policy.rlhf;

/**
 * One PPO batch of generated responses, laid out (rows, responseLength) row-major for every per-token array:
 * the sampling log-probabilities, the critic's values when the batch was generated, whitened advantages and
 * returns, and (grpo, whose loss holds the KL to the reference) the reference's log-probabilities, null otherwise. Built by
 * the RLHF loop; read by both learners.
 */
public record ResponseBatch(int[][] prompts, int[][] responses, float[] oldLogProbs, float[] oldValues, float[] advantages,
        float[] returns, float[] referenceLogProbs) {

    /** A batch without the reference's log-probabilities (ppo, rloo). */
    public ResponseBatch(int[][] prompts, int[][] responses, float[] oldLogProbs, float[] oldValues, float[] advantages, float[] returns) {
        this(prompts, responses, oldLogProbs, oldValues, advantages, returns, null);
    }

    /** The same batch carrying the reference's per-token log-probabilities. */
    public ResponseBatch withReference(float[] reference) {
        return new ResponseBatch(prompts, responses, oldLogProbs, oldValues, advantages, returns, reference);
    }

    public int size() {
        return prompts.length;
    }

    /** Each response's number of real tokens (EOS included); the positions after them are padding. */
    public int[] lengths() {
        int[] lengths = new int[responses.length];
        for (int b = 0; b < responses.length; b++) {
            lengths[b] = responses[b].length;
        }
        return lengths;
    }

    /** The rows {@code rows}, in that order. */
    public ResponseBatch select(int[] rows, int width) {
        int n = rows.length;
        int[][] p = new int[n][];
        int[][] r = new int[n][];
        float[] lp = new float[n * width];
        float[] v = new float[n * width];
        float[] a = new float[n * width];
        float[] ret = new float[n * width];
        float[] ref = referenceLogProbs == null ? null : new float[n * width];
        for (int i = 0; i < n; i++) {
            int row = rows[i];
            p[i] = prompts[row];
            r[i] = responses[row];
            System.arraycopy(oldLogProbs, row * width, lp, i * width, width);
            System.arraycopy(oldValues, row * width, v, i * width, width);
            System.arraycopy(advantages, row * width, a, i * width, width);
            System.arraycopy(returns, row * width, ret, i * width, width);
            if (ref != null) {
                System.arraycopy(referenceLogProbs, row * width, ref, i * width, width);
            }
        }
        return new ResponseBatch(p, r, lp, v, a, ret, ref);
    }
}
