package dev.alignsim.storage;

import dev.alignsim.storage.proto.ChatResponses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ChatWorld responses to and from their stored record, {@link ChatResponses}. The learners lay out per-token arrays
 * (responses x max tokens) row-major with padding after each response; the record keeps only each response's own
 * tokens, so reading it back needs no padding token and no width.
 */
public final class ChatResponseCodec {
    private ChatResponseCodec() {}

    /**
     * One PPO iteration's responses as one record (shard 0: the coordinator generates a whole iteration). Per-token
     * arrays have {@code maxTokens} entries per response, row-major; entries past a response's length are padding
     * and are not stored.
     *
     * @param iteration the iteration's key in the store
     * @param maxTokens the policy's response length: the most tokens a response can have
     * @param prompts each response's prompt tokens
     * @param responses each response's tokens, EOS included, at most {@code maxTokens}
     * @param logProbs the sampling log-probability of each token
     * @param values the critic's value before each token
     * @param rewards the per-token reward
     * @param advantages the whitened advantage of each token
     * @param returns the return of each token
     * @throws IllegalArgumentException when the arrays disagree on the number of responses or tokens
     */
    public static ChatResponses encode(long iteration, int maxTokens, int[][] prompts, int[][] responses, float[] logProbs,
            float[] values, float[] rewards, float[] advantages, float[] returns) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        if (prompts.length != responses.length) {
            throw new IllegalArgumentException(prompts.length + " prompts for " + responses.length + " responses; expected one each");
        }
        int n = responses.length;
        String[] names = {"logProbs", "values", "rewards", "advantages", "returns"};
        float[][] padded = {logProbs, values, rewards, advantages, returns};
        for (int c = 0; c < padded.length; c++) {
            if (padded[c].length != n * maxTokens) {
                throw new IllegalArgumentException(names[c] + " has " + padded[c].length + " entries; expected " + n + " responses x "
                        + maxTokens + " tokens = " + n * maxTokens);
            }
        }
        ChatResponses.Builder record = ChatResponses.newBuilder().setIteration(iteration).setShard(0).setMaxResponseTokens(maxTokens);
        int tokens = 0;
        for (int b = 0; b < n; b++) {
            if (responses[b].length > maxTokens) {
                throw new IllegalArgumentException("response " + b + " has " + responses[b].length + " tokens; expected at most "
                        + maxTokens);
            }
            record.addPromptLengths(prompts[b].length).addResponseLengths(responses[b].length);
            for (int token : prompts[b]) {
                record.addPromptTokens(token);
            }
            for (int token : responses[b]) {
                record.addResponseTokens(token);
            }
            tokens += responses[b].length;
        }
        float[][] ragged = new float[padded.length][tokens];
        int at = 0;
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < padded.length; c++) {
                System.arraycopy(padded[c], b * maxTokens, ragged[c], at, responses[b].length);
            }
            at += responses[b].length;
        }
        return record.setLogProbs(ExperienceColumns.floats(ragged[0])).setValues(ExperienceColumns.floats(ragged[1]))
                .setRewards(ExperienceColumns.floats(ragged[2])).setAdvantages(ExperienceColumns.floats(ragged[3]))
                .setReturns(ExperienceColumns.floats(ragged[4])).build();
    }

    /**
     * The record's responses, in order.
     *
     * @throws IllegalArgumentException when its lengths and columns disagree (the message says what was expected)
     */
    public static List<ChatResponse> decode(ChatResponses record) {
        int n = record.getResponseLengthsCount();
        if (record.getPromptLengthsCount() != n) {
            throw new IllegalArgumentException(record.getPromptLengthsCount() + " prompt lengths for " + n
                    + " responses; expected one each");
        }
        int promptTokens = sum(record.getPromptLengthsList(), "prompt");
        int responseTokens = sum(record.getResponseLengthsList(), "response");
        if (record.getPromptTokensCount() != promptTokens) {
            throw new IllegalArgumentException(record.getPromptTokensCount() + " prompt tokens; expected " + promptTokens
                    + " (the sum of the prompt lengths)");
        }
        if (record.getResponseTokensCount() != responseTokens) {
            throw new IllegalArgumentException(record.getResponseTokensCount() + " response tokens; expected " + responseTokens
                    + " (the sum of the response lengths)");
        }
        String[] names = {"log_probs", "values", "rewards", "advantages", "returns"};
        float[][] columns = {ExperienceColumns.floats(record.getLogProbs()), ExperienceColumns.floats(record.getValues()),
            ExperienceColumns.floats(record.getRewards()), ExperienceColumns.floats(record.getAdvantages()),
            ExperienceColumns.floats(record.getReturns())};
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != responseTokens) {
                throw new IllegalArgumentException(names[c] + " holds " + columns[c].length + " values; expected one per response token ("
                        + responseTokens + ")");
            }
        }
        List<ChatResponse> decoded = new ArrayList<>(n);
        int promptAt = 0;
        int tokenAt = 0;
        for (int b = 0; b < n; b++) {
            int promptLength = record.getPromptLengths(b);
            int length = record.getResponseLengths(b);
            int[] prompt = new int[promptLength];
            for (int j = 0; j < promptLength; j++) {
                prompt[j] = record.getPromptTokens(promptAt + j);
            }
            int[] tokens = new int[length];
            for (int j = 0; j < length; j++) {
                tokens[j] = record.getResponseTokens(tokenAt + j);
            }
            int from = tokenAt;
            int to = tokenAt + length;
            decoded.add(new ChatResponse(record.getIteration(), record.getShard(), b, prompt, tokens,
                    Arrays.copyOfRange(columns[0], from, to), Arrays.copyOfRange(columns[1], from, to),
                    Arrays.copyOfRange(columns[2], from, to), Arrays.copyOfRange(columns[3], from, to),
                    Arrays.copyOfRange(columns[4], from, to)));
            promptAt += promptLength;
            tokenAt += length;
        }
        return decoded;
    }

    private static int sum(List<Integer> lengths, String what) {
        long total = 0;
        for (int i = 0; i < lengths.size(); i++) {
            if (lengths.get(i) < 0) {
                throw new IllegalArgumentException(what + " " + i + " has length " + lengths.get(i) + "; expected >= 0");
            }
            total += lengths.get(i);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " lengths sum to " + total + "; expected at most " + Integer.MAX_VALUE);
        }
        return (int) total;
    }
}
