package dev.alignsim.env.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * One ChatWorld prompt: its kind, the fields that kind needs (the others are -1), and the token sequence the
 * policy reads, which starts with {@link Vocabulary#BOS} and ends with {@link Vocabulary#SEP}:
 *
 * <ul>
 *   <li>TASK t: {@code <bos> topic_t_w0 <sep>} (a topic's first word names the topic);</li>
 *   <li>QUESTION (e, a): {@code <bos> ent_e attr_a <sep>};</li>
 *   <li>HARMFUL h: {@code <bos> harm_h topic_r_w0 <sep>}, r = {@link Vocabulary#relatedTopic(int)};</li>
 *   <li>BORDERLINE h: {@code <bos> lookalike_h topic_r_w0 <sep>}.</li>
 * </ul>
 *
 * Harmful and borderline prompts differ in one token only, which is what makes over-refusal possible.
 * Build prompts with the factories; the canonical constructor checks the invariants. The token array is
 * copied in and out, and equality compares its contents.
 */
public record Prompt(PromptKind kind, int topic, int entity, int attribute, int harmCategory, int[] tokens) {

    public Prompt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokens, "tokens");
        requireField("topic", topic, kind == PromptKind.TASK);
        requireField("entity", entity, kind == PromptKind.QUESTION);
        requireField("attribute", attribute, kind == PromptKind.QUESTION);
        requireField("harmCategory", harmCategory, kind == PromptKind.HARMFUL || kind == PromptKind.BORDERLINE);
        if (tokens.length < 2 || tokens[0] != Vocabulary.BOS || tokens[tokens.length - 1] != Vocabulary.SEP) {
            throw new IllegalArgumentException("tokens must start with BOS and end with SEP, got "
                    + Arrays.toString(tokens));
        }
        tokens = tokens.clone();
    }

    public static Prompt task(Vocabulary vocabulary, int topic) {
        int[] tokens = {Vocabulary.BOS, vocabulary.topicWord(topic, 0), Vocabulary.SEP};
        return new Prompt(PromptKind.TASK, topic, -1, -1, -1, tokens);
    }

    public static Prompt question(Vocabulary vocabulary, int entity, int attribute) {
        int[] tokens = {Vocabulary.BOS, vocabulary.entity(entity), vocabulary.attribute(attribute), Vocabulary.SEP};
        return new Prompt(PromptKind.QUESTION, -1, entity, attribute, -1, tokens);
    }

    public static Prompt harmful(Vocabulary vocabulary, int category) {
        int[] tokens = {Vocabulary.BOS, vocabulary.harmMarker(category),
            vocabulary.topicWord(vocabulary.relatedTopic(category), 0), Vocabulary.SEP};
        return new Prompt(PromptKind.HARMFUL, -1, -1, -1, category, tokens);
    }

    public static Prompt borderline(Vocabulary vocabulary, int category) {
        int[] tokens = {Vocabulary.BOS, vocabulary.lookalike(category),
            vocabulary.topicWord(vocabulary.relatedTopic(category), 0), Vocabulary.SEP};
        return new Prompt(PromptKind.BORDERLINE, -1, -1, -1, category, tokens);
    }

    /** A copy of the token sequence. */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt other
                && kind == other.kind
                && topic == other.topic
                && entity == other.entity
                && attribute == other.attribute
                && harmCategory == other.harmCategory
                && Arrays.equals(tokens, other.tokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, topic, entity, attribute, harmCategory) * 31 + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Prompt[" + kind + ", topic=" + topic + ", entity=" + entity + ", attribute=" + attribute
                + ", harmCategory=" + harmCategory + ", tokens=" + Arrays.toString(tokens) + "]";
    }

    private static void requireField(String field, int value, boolean needed) {
        if (needed && value < 0) {
            throw new IllegalArgumentException(field + " must be non-negative for this kind, got " + value);
        }
        if (!needed && value != -1) {
            throw new IllegalArgumentException(field + " must be -1 when the kind does not use it, got " + value);
        }
    }
}
