package dev.alignsim.policy.rm;

import java.util.Arrays;

/**
 * One labeled prompt: K responses and a labeler's ranking of them, best first. The reward model's training
 * example (one per prompt, InstructGPT's batching); no gold utility, which the reward model never sees.
 */
public record RankedResponses(int[] prompt, int[][] responses, int[] ranking) {
    public RankedResponses {
        if (responses.length < 2) {
            throw new IllegalArgumentException("a ranking needs at least 2 responses, got " + responses.length);
        }
        if (ranking.length != responses.length) {
            throw new IllegalArgumentException("ranking orders " + ranking.length + " responses, there are " + responses.length);
        }
        BradleyTerryLoss.pairs(ranking);
        prompt = prompt.clone();
        responses = Arrays.stream(responses).map(int[]::clone).toArray(int[][]::new);
        ranking = ranking.clone();
    }

    public int k() {
        return responses.length;
    }
}
