package dev.alignsim.policy.seq;

import dev.alignsim.env.chat.Vocabulary;
import java.util.Arrays;

/**
 * Prompts and responses laid out as {@link SequenceModelSpec} describes, as plain arrays: the model's input
 * ids (batch, sequenceLength), and for each response position whether it is a real token (up to and
 * including the first EOS) or padding. Building the layout in one place keeps generation, SFT, PPO and the
 * reward model reading the same positions.
 */
public final class SequenceBatch {
    private static final int PAD = Vocabulary.PAD;
    private static final int EOS = Vocabulary.EOS;

    private final int size;
    private final int promptLength;
    private final int responseLength;
    private final long[] ids;
    private final float[] responseMask;
    private final int[] responseLengths;

    private SequenceBatch(int size, int promptLength, int responseLength, long[] ids, float[] responseMask,
            int[] responseLengths) {
        this.size = size;
        this.promptLength = promptLength;
        this.responseLength = responseLength;
        this.ids = ids;
        this.responseMask = responseMask;
        this.responseLengths = responseLengths;
    }

    /**
     * Lays out prompt {@code i} with response {@code i}. A response is read up to and including its first EOS;
     * the tokens after it become PAD and are masked out.
     *
     * @throws IllegalArgumentException if a prompt or response is longer than the spec allows, or empty
     */
    public static SequenceBatch of(SequenceModelSpec spec, int[][] prompts, int[][] responses) {
        if (prompts.length != responses.length) {
            throw new IllegalArgumentException(prompts.length + " prompts but " + responses.length + " responses");
        }
        int n = prompts.length;
        int p = spec.promptLength();
        int r = spec.responseLength();
        int t = p + r;
        long[] ids = new long[n * t];
        Arrays.fill(ids, PAD);
        float[] mask = new float[n * r];
        int[] lengths = new int[n];
        for (int b = 0; b < n; b++) {
            int[] prompt = prompts[b];
            if (prompt.length == 0 || prompt.length > p) {
                throw new IllegalArgumentException("prompt " + b + " has " + prompt.length + " tokens, the model takes 1.." + p
                        + " (model.prompt_length)");
            }
            int offset = b * t + p - prompt.length;
            for (int i = 0; i < prompt.length; i++) {
                ids[offset + i] = checkToken(prompt[i], spec, "prompt " + b);
            }
            int[] response = responses[b];
            int read = readLength(response);
            if (read == 0) {
                throw new IllegalArgumentException("response " + b + " is empty");
            }
            if (read > r) {
                throw new IllegalArgumentException("response " + b + " has " + read + " tokens, the model writes at most " + r
                        + " (model.response_length)");
            }
            for (int i = 0; i < read; i++) {
                ids[b * t + p + i] = checkToken(response[i], spec, "response " + b);
                mask[b * r + i] = 1f;
            }
            lengths[b] = read;
        }
        return new SequenceBatch(n, p, r, ids, mask, lengths);
    }

    /** Tokens up to and including the first EOS; the whole array when it has none. */
    public static int readLength(int[] response) {
        for (int i = 0; i < response.length; i++) {
            if (response[i] == EOS) {
                return i + 1;
            }
        }
        return response.length;
    }

    private static long checkToken(int id, SequenceModelSpec spec, String where) {
        if (id < 0 || id >= spec.vocabularySize()) {
            throw new IllegalArgumentException(where + " holds token " + id + ", not in [0, " + spec.vocabularySize() + ")");
        }
        return id;
    }

    public int size() {
        return size;
    }

    /** Input ids, (size, promptLength + responseLength), row-major. */
    public long[] ids() {
        return ids;
    }

    /** The response tokens as targets, (size, responseLength): what position {@code promptLength - 1 + i} predicts. */
    public long[] targets() {
        int t = promptLength + responseLength;
        long[] out = new long[size * responseLength];
        for (int b = 0; b < size; b++) {
            System.arraycopy(ids, b * t + promptLength, out, b * responseLength, responseLength);
        }
        return out;
    }

    /** 1 for a real response token (EOS included), 0 for padding; (size, responseLength). */
    public float[] responseMask() {
        return responseMask;
    }

    /** Real tokens of each response, EOS included. */
    public int[] responseLengths() {
        return responseLengths;
    }

    /** For each row, a one-hot over all positions marking its last real token (where a sequence score is read). */
    public float[] lastTokenOneHot() {
        int t = promptLength + responseLength;
        float[] out = new float[size * t];
        for (int b = 0; b < size; b++) {
            out[b * t + promptLength + responseLengths[b] - 1] = 1f;
        }
        return out;
    }

    public int promptLength() {
        return promptLength;
    }

    public int responseLength() {
        return responseLength;
    }
}
