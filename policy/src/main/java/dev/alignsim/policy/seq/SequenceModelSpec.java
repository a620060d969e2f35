package dev.alignsim.policy.seq;

import java.util.Objects;

/**
 * The shape of ChatWorld's autoregressive model and of the sequences it reads. Every sequence has one fixed
 * layout: the prompt left-padded with PAD to {@code promptLength}, then the response right-padded with PAD to
 * {@code responseLength}. Generation and teacher-forced training read the same layout, so a sampled token's
 * log-probability is the same number in both.
 *
 * <p>The widths mean what the encoder of {@code kind} makes of them. For the GRU: {@code embedding} is the token
 * embedding's width and {@code hidden} the GRU's, {@code layers} stacked GRU layers. For the Transformer:
 * {@code embedding} is the model width (d_model), {@code hidden} the MLP's inner width, {@code layers} the number of
 * blocks and {@code heads} the attention heads, which must divide {@code embedding}.
 *
 * @param vocabularySize number of token ids (the ChatWorld vocabulary's size)
 * @param embedding token embedding width (the Transformer's model width)
 * @param hidden GRU hidden size (the Transformer's MLP width)
 * @param layers stacked GRU layers (Transformer blocks)
 * @param promptLength longest prompt, in tokens (BOS and SEP included)
 * @param responseLength most tokens a response may have (EOS included)
 * @param kind which encoder
 * @param heads the Transformer's attention heads; a GRU's spec holds 0 whatever it is given, so that two GRU specs of
 *     the same widths are equal
 */
public record SequenceModelSpec(int vocabularySize, int embedding, int hidden, int layers, int promptLength,
        int responseLength, SequenceModelKind kind, int heads) {

    public SequenceModelSpec {
        Objects.requireNonNull(kind, "kind");
        requirePositive("vocabulary_size", vocabularySize);
        requirePositive("embedding", embedding);
        requirePositive("hidden", hidden);
        requirePositive("layers", layers);
        requirePositive("prompt_length", promptLength);
        requirePositive("response_length", responseLength);
        if (kind == SequenceModelKind.GRU) {
            heads = 0;
        } else {
            requirePositive("heads", heads);
            if (embedding % heads != 0) {
                throw new IllegalArgumentException("model.heads (" + heads + ") must divide model.embedding (" + embedding
                        + "), the Transformer's width, into equal heads");
            }
        }
    }

    /** A GRU's spec. */
    public SequenceModelSpec(int vocabularySize, int embedding, int hidden, int layers, int promptLength, int responseLength) {
        this(vocabularySize, embedding, hidden, layers, promptLength, responseLength, SequenceModelKind.GRU, 0);
    }

    /** A Transformer's spec: width {@code embedding}, MLP width {@code hidden}, {@code layers} blocks of {@code heads} heads. */
    public static SequenceModelSpec transformer(int vocabularySize, int embedding, int hidden, int layers, int heads, int promptLength,
            int responseLength) {
        return new SequenceModelSpec(vocabularySize, embedding, hidden, layers, promptLength, responseLength,
                SequenceModelKind.TRANSFORMER, heads);
    }

    /** Prompt and response together. */
    public int sequenceLength() {
        return promptLength + responseLength;
    }

    /** Width of the features the encoder gives at each position, which the heads read: hidden for the GRU, embedding for the Transformer. */
    public int featureWidth() {
        return kind == SequenceModelKind.GRU ? hidden : embedding;
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("model." + field + " must be >= 1, got " + value);
        }
    }
}
