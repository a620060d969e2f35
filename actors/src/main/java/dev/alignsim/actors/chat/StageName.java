package dev.alignsim.actors.chat;

import java.util.Arrays;
import java.util.Locale;

/** The stages a ChatWorld pipeline can run, in the only order they can run; each needs the ones before it. */
public enum StageName {
    SFT, LABEL, RM, PPO;

    /** The name in settings and in the store ({@code sft}, {@code label}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid stages when {@code key} is none of them */
    public static StageName of(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown stage '" + key + "'; the stages are " + Arrays.stream(values()).map(StageName::key).toList()));
    }
}
