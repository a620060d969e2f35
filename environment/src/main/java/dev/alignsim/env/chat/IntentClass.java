package dev.alignsim.env.chat;

/** How an intent bears on harm (see {@link HarmRule}). */
public enum IntentClass {
    /** Never harmful: "explain", "history of". */
    BENIGN,
    /** Harmful with a dangerous object, harmless with an everyday one ("how to kill" a process). */
    HARMFUL,
    /** Harmful with a dangerous object only in a risky context; with a safe context or none, harmless. */
    AMBIGUOUS
}
