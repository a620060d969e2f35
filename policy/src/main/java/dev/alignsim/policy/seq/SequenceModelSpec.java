package dev.alignsim.policy.seq;

/**
 * The shape of ChatWorld's autoregressive model and of the sequences it reads. Every sequence has one fixed
 * layout: the prompt left-padded with PAD to {@code promptLength}, then the response right-padded with PAD to
 * {@code responseLength}. Generation and teacher-forced training read the same layout, so a sampled token's
 * log-probability is the same number in both.
 *
 * @param vocabularySize number of token ids (the ChatWorld vocabulary's size)
 * @param embedding token embedding width
 * @param hidden GRU hidden size
 * @param layers stacked GRU layers
 * @param promptLength longest prompt, in tokens (BOS and SEP included)
 * @param responseLength most tokens a response may have (EOS included)
 */
public record SequenceModelSpec(int vocabularySize, int embedding, int hidden, int layers, int promptLength,
        int responseLength) {

    public SequenceModelSpec {
        requirePositive("vocabulary_size", vocabularySize);
        requirePositive("embedding", embedding);
        requirePositive("hidden", hidden);
        requirePositive("layers", layers);
        requirePositive("prompt_length", promptLength);
        requirePositive("response_length", responseLength);
    }

    /** Prompt and response together. */
    public int sequenceLength() {
        return promptLength + responseLength;
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("model." + field + " must be >= 1, got " + value);
        }
    }
}
