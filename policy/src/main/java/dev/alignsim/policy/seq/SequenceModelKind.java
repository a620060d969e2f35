package dev.alignsim.policy.seq;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code chat.model.kind} setting: which {@link SequenceEncoder} the policy, critic and reward model share. */
public enum SequenceModelKind {
    /** Token embedding and a stacked GRU run by libtorch's fused kernel ({@link GruEncoder}). */
    GRU,
    /** A small decoder-only Transformer: pre-LayerNorm blocks of causal self-attention and a GELU MLP ({@link TransformerEncoder}). */
    TRANSFORMER;

    /** The name as settings and stored models write it: gru or transformer. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind a setting names, in any letter case.
     *
     * @throws IllegalArgumentException for any other name; the message lists the valid ones
     */
    public static SequenceModelKind of(String name) {
        for (SequenceModelKind kind : values()) {
            if (kind.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown model kind '" + name + "'; expected one of " + validNames());
    }

    /** The valid names: "gru, transformer". */
    public static String validNames() {
        return Arrays.stream(values()).map(SequenceModelKind::settingName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return settingName();
    }
}
