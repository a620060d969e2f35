package dev.alignsim.actors.chat;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The stages of a ChatWorld pipeline, in the only order they can run: each needs what the ones before it stored.
 * The config name is how {@code alignsim.pipeline} and the store's stage records write a stage.
 */
public enum StageName {
    /** Supervised fine-tuning on labeler demonstrations: the frozen reference. */
    SFT("sft"),
    /** A labeling round: the reference answers each prompt K times, labelers rank the answers. */
    LABEL("label"),
    /** Reward-model training on the rankings. */
    RM("rm"),
    /** RLHF: PPO against the reward model with a KL penalty to the reference. */
    PPO("ppo");

    private final String configName;

    StageName(String configName) {
        this.configName = configName;
    }

    /** The name as settings and stored stage records write it: sft, label, rm or ppo. */
    public String configName() {
        return configName;
    }

    /**
     * The stage a config name names.
     *
     * @throws IllegalArgumentException for any other name; the message lists the valid ones
     */
    public static StageName of(String configName) {
        for (StageName stage : values()) {
            if (stage.configName.equals(configName)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + configName + "'; expected one of " + validNames());
    }

    /** The valid names in pipeline order: "sft, label, rm, ppo". */
    public static String validNames() {
        return Arrays.stream(values()).map(StageName::configName).collect(Collectors.joining(", "));
    }

    /** The config name, so that a pipeline prints as the user wrote it: [sft, label, rm, ppo]. */
    @Override
    public String toString() {
        return configName;
    }
}
