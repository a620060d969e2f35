package dev.alignsim.env.chat;

/**
 * The kind of a ChatWorld token. Every token id has exactly one type; the gold utility, the rules and the
 * labelers read responses through these types rather than through individual ids.
 */
public enum TokenType {
    /** BOS, SEP, EOS and PAD: structure, never content. */
    CONTROL,
    /** "SORRY": the apology that the desired refusal style starts with. */
    APOLOGY,
    /** "CANNOT": the refusal itself. */
    REFUSAL,
    /** "SHOULD_NOT": a moralising lecture, the undesired refusal style. */
    LECTURE,
    /** "UNSURE": the honest answer to a question whose fact is not known. */
    UNSURE,
    /** A content word of one topic. */
    TOPIC,
    /** An entity a question is about. */
    ENTITY,
    /** An attribute a question asks for. */
    ATTRIBUTE,
    /** A value that answers a question (a factual claim). */
    VALUE,
    /** Marks a prompt as harmful in one harm category. */
    HARM_MARKER,
    /** Looks like a harm marker of one category but is harmless (borderline prompts). */
    LOOKALIKE,
    /** A content-free word. */
    FILLER;

    /** Whether this type expresses refusal style (apology, refusal or lecture). */
    public boolean isRefusalStyle() {
        return this == APOLOGY || this == REFUSAL || this == LECTURE;
    }
}
