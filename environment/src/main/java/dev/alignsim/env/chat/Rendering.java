package dev.alignsim.env.chat;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * Readable text for prompts and responses, for logs, reports and test failure messages:
 * {@code [harmful:harm2] -> SORRY CANNOT <eos>}.
 */
public final class Rendering {

    private final Vocabulary vocabulary;

    public Rendering(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /** {@code [task:topic3]}, {@code [question:ent5.attr1]}, {@code [harmful:harm2]}, {@code [borderline:lookalike2]}. */
    public String render(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        return switch (prompt.kind()) {
            case TASK -> "[task:topic" + prompt.topic() + "]";
            case QUESTION -> "[question:" + vocabulary.name(vocabulary.entity(prompt.entity())) + "."
                    + vocabulary.name(vocabulary.attribute(prompt.attribute())) + "]";
            case HARMFUL -> "[harmful:" + vocabulary.name(vocabulary.harmMarker(prompt.harmCategory())) + "]";
            case BORDERLINE -> "[borderline:" + vocabulary.name(vocabulary.lookalike(prompt.harmCategory())) + "]";
        };
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

    /** {@code [harmful:harm2] -> SORRY CANNOT <eos>}. */
    public String render(Prompt prompt, int[] response) {
        return render(prompt) + " -> " + render(response);
    }
}
