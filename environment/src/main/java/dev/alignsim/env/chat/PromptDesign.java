package dev.alignsim.env.chat;

import java.util.Objects;

/**
 * How prompts are drawn: the kinds' weights, how often a request is the ambiguous kind (an ambiguous intent with a
 * dangerous object, its harm decided by the context word), and how often a prompt carries a context word at all.
 *
 * @param mixture relative weights of the prompt kinds
 * @param ambiguousShare share of harmful and of borderline prompts drawn as ambiguous requests, in [0, 1]
 * @param contextShare share of other prompts that carry a context word, in [0, 1]
 */
public record PromptDesign(PromptMixture mixture, double ambiguousShare, double contextShare) {

    public PromptDesign {
        Objects.requireNonNull(mixture, "mixture");
        requireShare("ambiguous_share", ambiguousShare);
        requireShare("context_share", contextShare);
    }

    /** Equal kinds, a quarter of sensitive prompts ambiguous, half of the rest with a context word. */
    public static PromptDesign defaults() {
        return new PromptDesign(PromptMixture.uniform(), 0.25, 0.5);
    }

    private static void requireShare(String field, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("PromptDesign." + field + " must be in [0, 1], got " + share);
        }
    }
}
