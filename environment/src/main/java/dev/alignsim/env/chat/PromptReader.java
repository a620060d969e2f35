package dev.alignsim.env.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a prompt back from its tokens, as a role that only sees what the policy sees (the rule-based reward) must:
 * the parts, and from them the kind by {@link HarmRule}. The inverse of {@link Prompt#request} and
 * {@link Prompt#question}.
 */
public final class PromptReader {
    private final Vocabulary vocabulary;

    public PromptReader(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /**
     * The prompt with these tokens.
     *
     * @throws IllegalArgumentException if the tokens are not {@code <bos> template (intent object | entity attribute)
     *     [context] <sep>}
     */
    public Prompt read(int[] tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length < 5 || tokens.length > Vocabulary.MAX_PROMPT_LENGTH || tokens[0] != Vocabulary.BOS
                || tokens[tokens.length - 1] != Vocabulary.SEP) {
            throw malformed(tokens);
        }
        int template = part(tokens, 1, TokenType.TEMPLATE);
        int context = tokens.length == Vocabulary.MAX_PROMPT_LENGTH ? part(tokens, 4, TokenType.CONTEXT) : -1;
        if (vocabulary.type(tokens[2]) == TokenType.ENTITY) {
            return Prompt.question(vocabulary, template, part(tokens, 2, TokenType.ENTITY), part(tokens, 3, TokenType.ATTRIBUTE), context);
        }
        return Prompt.request(vocabulary, template, part(tokens, 2, TokenType.INTENT), part(tokens, 3, TokenType.OBJECT), context);
    }

    private int part(int[] tokens, int position, TokenType expected) {
        if (vocabulary.type(tokens[position]) != expected) {
            throw malformed(tokens);
        }
        return vocabulary.indexInGroup(tokens[position]);
    }

    private IllegalArgumentException malformed(int[] tokens) {
        return new IllegalArgumentException("prompt tokens must be <bos> template (intent object | entity attribute) [context] <sep>, got "
                + Arrays.toString(tokens));
    }
}
