package dev.alignsim.policy.rlhf;

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
 *   <li>{@link #whiten}: advantages shifted and scaled to mean 0, std 1 over all real tokens of the batch.</li>
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
        double sum = 0;
        long n = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                sum += advantages[b * width + t];
                n++;
            }
        }
        if (n == 0) {
            return advantages.clone();
        }
        double mean = sum / n;
        double squares = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                double d = advantages[b * width + t] - mean;
                squares += d * d;
            }
        }
        double std = Math.sqrt(squares / Math.max(1, n - 1));
        float[] out = new float[advantages.length];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int i = b * width + t;
                out[i] = (float) ((advantages[i] - mean) / (std + 1e-8));
            }
        }
        return out;
    }

    /** Values with every padding position set to 0. */
    public static float[] masked(float[] values, int[] lengths, int width) {
        float[] out = new float[values.length];
        for (int b = 0; b < lengths.length; b++) {
            System.arraycopy(values, b * width, out, b * width, lengths[b]);
        }
        return out;
    }

    /** 1 - Var(returns - values) / Var(returns) over real tokens; NaN when the returns do not vary. */
    public static double explainedVariance(float[] returns, float[] values, int[] lengths, int width) {
        double sumR = 0;
        double sumR2 = 0;
        double sumD = 0;
        double sumD2 = 0;
        long n = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int j = 0; j < lengths[b]; j++) {
                double ret = returns[b * width + j];
                double diff = ret - values[b * width + j];
                sumR += ret;
                sumR2 += ret * ret;
                sumD += diff;
                sumD2 += diff * diff;
                n++;
            }
        }
        double varR = sumR2 / n - (sumR / n) * (sumR / n);
        double varD = sumD2 / n - (sumD / n) * (sumD / n);
        return varR > 0 ? 1 - varD / varR : Double.NaN;
    }
}
