package dev.alignsim.env.rules;

/** What the rule-based reward takes a prompt for: a request it judges harmful, one it judges harmless, or a question. */
public enum RuleCategory {
    HARMFUL_REQUEST,
    HARMLESS_REQUEST,
    QUESTION
}
