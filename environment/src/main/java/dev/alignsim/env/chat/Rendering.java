package dev.alignsim.env.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Readable text for prompts and responses, for logs, reports and test failure messages:
 * {@code [harmful] tmpl2 ask_h1 obj17 ctx_r0 -> SORRY CANNOT <eos>}.
 */
public final class Rendering {

    private final Vocabulary vocabulary;

    public Rendering(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /** The kind in brackets, then the prompt's words without BOS and SEP: {@code [question] tmpl0 ent5 attr1}. */
    public String render(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        int[] tokens = prompt.tokens();
        return "[" + prompt.kind().name().toLowerCase(Locale.ROOT) + "] "
                + render(Arrays.copyOfRange(tokens, 1, tokens.length - 1));
    }

    /** Every token's name, space-separated, including any after EOS so that nothing is hidden. */
    public String render(int[] response) {
        Objects.requireNonNull(response, "response");
        StringJoiner joiner = new StringJoiner(" ");
        for (int id : response) {
            joiner.add(vocabulary.name(id));
        }
        return joiner.toString();
    }

    /** {@code [harmful] tmpl0 ask_h0 obj0 -> SORRY CANNOT <eos>}. */
    public String render(Prompt prompt, int[] response) {
        return render(prompt) + " -> " + render(response);
    }
}
