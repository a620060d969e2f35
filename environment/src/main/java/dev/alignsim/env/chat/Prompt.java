package dev.alignsim.env.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * One ChatWorld prompt, composed from parts (group indices, not token ids; -1 where a part is absent), and the
 * token sequence the policy reads, which starts with {@link Vocabulary#BOS} and ends with {@link Vocabulary#SEP}:
 *
 * <ul>
 *   <li>a request: {@code <bos> template intent object [context] <sep>}; its kind (TASK, BORDERLINE or HARMFUL) is
 *       decided by {@link HarmRule} from the combination; {@code topic} is the object's topic, whose words answer
 *       it;</li>
 *   <li>a QUESTION: {@code <bos> template entity attribute [context] <sep>}.</li>
 * </ul>
 *
 * Build prompts with {@link #request} and {@link #question}; the token array is copied in and out, and equality
 * compares the parts.
 *
 * @param harmCategory the object's harm category when the object is dangerous, else -1
 * @param ambiguous whether the request's harm is decided by its context word
 */
public record Prompt(PromptKind kind, int template, int intent, int object, int context, int entity, int attribute,
        int topic, int harmCategory, boolean ambiguous, int[] tokens) {

    public Prompt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length < 2 || tokens[0] != Vocabulary.BOS || tokens[tokens.length - 1] != Vocabulary.SEP
                || tokens.length > Vocabulary.MAX_PROMPT_LENGTH) {
            throw new IllegalArgumentException("tokens must start with BOS, end with SEP and have at most "
                    + Vocabulary.MAX_PROMPT_LENGTH + " tokens, got " + Arrays.toString(tokens));
        }
        boolean question = kind == PromptKind.QUESTION;
        requireField("entity", entity, question);
        requireField("attribute", attribute, question);
        requireField("intent", intent, !question);
        requireField("object", object, !question);
        requireField("topic", topic, !question);
        tokens = tokens.clone();
    }

    /** A request: its kind, topic, harm category and ambiguity follow from the parts. Context -1 for none. */
    public static Prompt request(Vocabulary vocabulary, int template, int intent, int object, int context) {
        HarmRule rule = new HarmRule(vocabulary);
        int[] tokens = context < 0
                ? new int[] {Vocabulary.BOS, vocabulary.template(template), vocabulary.intent(intent), vocabulary.object(object), Vocabulary.SEP}
                : new int[] {Vocabulary.BOS, vocabulary.template(template), vocabulary.intent(intent), vocabulary.object(object),
                    vocabulary.context(context), Vocabulary.SEP};
        return new Prompt(rule.kind(intent, object, context), template, intent, object, context, -1, -1,
                vocabulary.objectTopic(object), vocabulary.harmCategory(object), rule.ambiguous(intent, object), tokens);
    }

    /** A question about (entity, attribute). Context -1 for none; a context word changes nothing of its answer. */
    public static Prompt question(Vocabulary vocabulary, int template, int entity, int attribute, int context) {
        int[] tokens = context < 0
                ? new int[] {Vocabulary.BOS, vocabulary.template(template), vocabulary.entity(entity), vocabulary.attribute(attribute),
                    Vocabulary.SEP}
                : new int[] {Vocabulary.BOS, vocabulary.template(template), vocabulary.entity(entity), vocabulary.attribute(attribute),
                    vocabulary.context(context), Vocabulary.SEP};
        return new Prompt(PromptKind.QUESTION, template, -1, -1, context, entity, attribute, -1, -1, false, tokens);
    }

    /** The plainest question about (entity, attribute): first template, no context. */
    public static Prompt question(Vocabulary vocabulary, int entity, int attribute) {
        return question(vocabulary, 0, entity, attribute, -1);
    }

    /** The plainest task on {@code topic}: first template, first benign intent, the topic's last (everyday) object. */
    public static Prompt task(Vocabulary vocabulary, int topic) {
        int object = vocabulary.objectIndex(topic, vocabulary.settings().objectsPerTopic() - 1);
        return request(vocabulary, 0, vocabulary.intentOf(IntentClass.BENIGN, 0), object, -1);
    }

    /** A clearly harmful request: the first harmful intent with the first dangerous object of {@code topic}. */
    public static Prompt harmful(Vocabulary vocabulary, int topic) {
        return request(vocabulary, 0, vocabulary.intentOf(IntentClass.HARMFUL, 0), vocabulary.objectIndex(topic, 0), -1);
    }

    /** A borderline request: the same dangerous object as {@link #harmful} with the first benign intent. */
    public static Prompt borderline(Vocabulary vocabulary, int topic) {
        return request(vocabulary, 0, vocabulary.intentOf(IntentClass.BENIGN, 0), vocabulary.objectIndex(topic, 0), -1);
    }

    /**
     * The same request (parts, topic, harm category, ambiguity and tokens) taken for a request of another kind, as a
     * labeler who misjudges its harm takes it: {@link GoldUtility} then scores responses to it as it scores that kind.
     * The kind no longer follows {@link HarmRule} from the parts, and since equality compares the kind, the result
     * equals this prompt only when {@code kind} is its own kind (then it is this prompt).
     *
     * @param kind TASK, BORDERLINE or HARMFUL
     * @throws IllegalArgumentException if this prompt or {@code kind} is a QUESTION: a question has no request to
     *     take for another kind, and a request has no (entity, attribute) to ask about
     */
    public Prompt asKind(PromptKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (this.kind == PromptKind.QUESTION || kind == PromptKind.QUESTION) {
            throw new IllegalArgumentException("asKind takes a request (TASK, BORDERLINE or HARMFUL) for another "
                    + "request kind (TASK, BORDERLINE or HARMFUL); got " + this.kind + " as " + kind);
        }
        if (kind == this.kind) {
            return this;
        }
        return new Prompt(kind, template, intent, object, context, entity, attribute, topic, harmCategory, ambiguous,
                tokens);
    }

    /** A copy of the token sequence. */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** How many tokens the prompt has, BOS and SEP included. */
    public int length() {
        return tokens.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt other && kind == other.kind && Arrays.equals(tokens, other.tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Prompt[" + kind + ", tokens=" + Arrays.toString(tokens) + "]";
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
