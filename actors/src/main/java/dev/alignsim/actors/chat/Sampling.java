package dev.alignsim.actors.chat;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;

/** Batched sampling of responses from a sequence policy, in chunks that bound the memory of one generation. */
public final class Sampling {
    private static final int GENERATION_CHUNK = 1024;

    private Sampling() {}

    /** One response per prompt, drawn from {@code rng}. */
    public static int[][] generate(SequencePolicy policy, Prompt[] prompts, double temperature, Rng rng) {
        int[][] tokens = ChatWorld.tokens(prompts);
        int[][] out = new int[prompts.length][];
        for (int start = 0; start < tokens.length; start += GENERATION_CHUNK) {
            int end = Math.min(tokens.length, start + GENERATION_CHUNK);
            int[][] responses = policy.generate(Arrays.copyOfRange(tokens, start, end), temperature, rng).responses();
            System.arraycopy(responses, 0, out, start, responses.length);
        }
        return out;
    }

    /** {@code k} responses per prompt ({@code [prompt][k]}), drawn from {@code rng}. */
    public static int[][][] generateK(SequencePolicy policy, Prompt[] prompts, int k, double temperature, Rng rng) {
        int[][] flat = generate(policy, repeat(prompts, k), temperature, rng);
        return group(flat, prompts.length, k);
    }

    /** Each prompt {@code k} times in a row. */
    public static Prompt[] repeat(Prompt[] prompts, int k) {
        Prompt[] repeated = new Prompt[prompts.length * k];
        for (int i = 0; i < prompts.length; i++) {
            Arrays.fill(repeated, i * k, (i + 1) * k, prompts[i]);
        }
        return repeated;
    }

    /** Responses to {@link #repeat repeated} prompts, grouped per prompt. */
    public static int[][][] group(int[][] flat, int prompts, int k) {
        int[][][] out = new int[prompts][k][];
        for (int i = 0; i < prompts; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = flat[i * k + j];
            }
        }
        return out;
    }
}
