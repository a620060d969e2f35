package dev.alignsim.storage;

/**
 * One stored ChatWorld response, decoded: where it came from, its prompt and its tokens (EOS included, no padding),
 * and one entry per token of each per-token column.
 *
 * @param iteration the PPO iteration's key in the store
 * @param shard the shard of its record
 * @param row its position in the record, from 0
 * @param prompt the prompt's tokens, as the policy read them
 * @param tokens the response's tokens
 * @param logProbs the log-probability the policy sampled each token with
 * @param values the critic's value before each token
 * @param rewards the KL penalty, plus the reward model's score at the last token
 * @param advantages whitened GAE advantages
 * @param returns GAE returns
 */
public record ChatResponse(long iteration, int shard, int row, int[] prompt, int[] tokens, float[] logProbs, float[] values,
        float[] rewards, float[] advantages, float[] returns) {}
