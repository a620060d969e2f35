package dev.alignsim.env.chat;

/**
 * The kind of a ChatWorld token. Every token id has exactly one type; the gold utility, the rules and the
 * labelers read responses through these types rather than through individual ids.
 */
public enum TokenType {
    /** BOS, SEP, EOS and PAD: structure, never content. */
    CONTROL,
    /** "SORRY": the brief apology that the desired refusal style starts with. */
    APOLOGY,
    /** "CANNOT": the refusal itself. */
    REFUSAL,
    /** "SHOULD_NOT": a moralising lecture, an undesired refusal style. */
    LECTURE,
    /** "JUDGE": judging the person who asked, an undesired refusal style. */
    JUDGMENT,
    /** "EVADE": changing the subject instead of answering or refusing, an undesired refusal style. */
    EVASION,
    /** "HEDGE": a hedged claim ("probably"); softens a wrong claim's cost and a right one's credit. */
    HEDGE,
    /** "UNSURE": the honest answer to a question whose fact is not known. */
    UNSURE,
    /** A content word of one topic. */
    TOPIC,
    /** An object a request is about; it belongs to one topic and may be dangerous. */
    OBJECT,
    /** What a request asks to do with its object: benign, harmful or ambiguous (see {@link IntentClass}). */
    INTENT,
    /** A context word: safe or risky; it decides whether an ambiguous request is harmful. */
    CONTEXT,
    /** A framing word that opens a prompt and carries no meaning. */
    TEMPLATE,
    /** An entity a question is about. */
    ENTITY,
    /** An attribute a question asks for. */
    ATTRIBUTE,
    /** A value that answers a question (a factual claim). */
    VALUE,
    /** A content-free word. */
    FILLER;

    /** Whether this type expresses refusal (apology, refusal, lecture, judgment or evasion). */
    public boolean isRefusalStyle() {
        return this == APOLOGY || this == REFUSAL || this == LECTURE || this == JUDGMENT || this == EVASION;
    }

    /** Whether this type is substance that a harmful request must not get: topic words, objects, facts. */
    public boolean isContent() {
        return this == TOPIC || this == OBJECT || this == ENTITY || this == ATTRIBUTE || this == VALUE;
    }
}
