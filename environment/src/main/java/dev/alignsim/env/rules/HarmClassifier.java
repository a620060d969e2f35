package dev.alignsim.env.rules;

import dev.alignsim.env.chat.Prompt;

/** Takes a request for harmful or not, as the rule-based reward's zero-shot classifier would; questions are never harmful. */
public interface HarmClassifier {
    /** Whether {@code prompt} is taken for a harmful request (always false for a question). */
    boolean judgesHarmful(Prompt prompt);
}
