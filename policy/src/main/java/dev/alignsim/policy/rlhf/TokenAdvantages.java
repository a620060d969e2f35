package dev.alignsim.policy.rlhf;

import dev.alignsim.policy.ppo.BatchStatistics;

/**
 * The RLHF reward and advantage arithmetic on token sequences, in plain Java (RLlib's "the algorithm's math in
 * one place"): rows are responses, columns token positions, and {@code lengths[b]} positions of row b are real
 * (EOS included); the rest is padding and takes no part.
 *
 * <ul>
 *   <li>{@link #rewards}: {@code r_t = -β (log π(t) - log π_ref(t))}, and the sequence's score added at its last
 *       token (Ziegler et al.; InstructGPT);</li>
 *   <li>{@link #gae}: GAE over each response with γ and λ, the value after the last token being 0 (the episode
 *       ends at EOS or at the length limit), and returns = advantages + values;</li>
 *   <li>{@link #whiten}: advantages shifted and scaled to mean 0, std 1 over all real tokens of the batch, with
 *       the whitening every PPO learner uses ({@link BatchStatistics#whiten(float[], int[], int)});</li>
 *   <li>{@link #perToken}: a sequence-level advantage (RLOO's, GRPO's) given to every real token of its response.</li>
 * </ul>
 */
public final class TokenAdvantages {
    private TokenAdvantages() {}

    /** Per-token rewards, (rows, width) row-major, 0 at padding. */
    public static float[] rewards(float[] logProbs, float[] referenceLogProbs, double[] scores, int[] lengths, int width,
            double beta) {
        float[] rewards = new float[logProbs.length];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int i = b * width + t;
                rewards[i] = (float) (-beta * (logProbs[i] - referenceLogProbs[i]));
            }
            if (lengths[b] > 0) {
                rewards[b * width + lengths[b] - 1] += (float) scores[b];
            }
        }
        return rewards;
    }

    /** Row b's value on each of its real tokens, (rows, width) row-major, 0 at padding. */
    public static float[] perToken(double[] perRow, int[] lengths, int width) {
        if (perRow.length != lengths.length) {
            throw new IllegalArgumentException("one value per response expected: " + lengths.length + " responses, got " + perRow.length);
        }
        float[] tokens = new float[lengths.length * width];
        for (int b = 0; b < lengths.length; b++) {
            java.util.Arrays.fill(tokens, b * width, b * width + lengths[b], (float) perRow[b]);
        }
        return tokens;
    }

    /** Each row's summed {@code log π - log π_ref} over its real tokens: the sampled estimate of KL(π || π_ref). */
    public static double[] sequenceKl(float[] logProbs, float[] referenceLogProbs, int[] lengths, int width) {
        double[] kl = new double[lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                kl[b] += logProbs[b * width + t] - referenceLogProbs[b * width + t];
            }
        }
        return kl;
    }

    /** Advantages and returns, (rows, width) row-major each, 0 at padding. */
    public record Estimates(float[] advantages, float[] returns) {}

    public static Estimates gae(float[] rewards, float[] values, int[] lengths, int width, double gamma, double lambda) {
        float[] advantages = new float[rewards.length];
        float[] returns = new float[rewards.length];
        for (int b = 0; b < lengths.length; b++) {
            double next = 0;
            double nextValue = 0;
            for (int t = lengths[b] - 1; t >= 0; t--) {
                int i = b * width + t;
                double delta = rewards[i] + gamma * nextValue - values[i];
                next = delta + gamma * lambda * next;
                advantages[i] = (float) next;
                returns[i] = (float) (next + values[i]);
                nextValue = values[i];
            }
        }
        return new Estimates(advantages, returns);
    }

    /** Whitened copy of the real tokens' advantages (mean 0, std 1 over them); padding stays 0. */
    public static float[] whiten(float[] advantages, int[] lengths, int width) {
        return BatchStatistics.whiten(advantages, lengths, width);
    }

    /** A copy of a per-token array with every padding position set to 0 (the critic's values there mean nothing). */
    public static float[] zeroPadding(float[] values, int[] lengths, int width) {
        float[] out = new float[values.length];
        for (int b = 0; b < lengths.length; b++) {
            System.arraycopy(values, b * width, out, b * width, lengths[b]);
        }
        return out;
    }
}
