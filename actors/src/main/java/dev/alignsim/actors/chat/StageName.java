package dev.alignsim.actors.chat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stages of a ChatWorld pipeline. A pipeline is a prefix of sft → label → rm (each needs what the one before
 * stored), optionally closed by one method stage that optimises or selects the policy: ppo, rloo, grpo or bon after
 * rm (they need a reward model), dpo after label or rm (it learns from the comparisons themselves). One method per
 * run, so that every method's run shares the same SFT reference, labels and reward model with the same seed, and
 * their iterations never share keys. The config name is how {@code alignsim.pipeline} and the store's stage records
 * write a stage.
 */
public enum StageName {
    /** Supervised fine-tuning on labeler demonstrations: the frozen reference. */
    SFT("sft", null, false),
    /** A labeling round: the reference answers each prompt K times, labelers rank the answers. */
    LABEL("label", null, false),
    /** Reward-model training on the rankings. */
    RM("rm", null, false),
    /** RLHF: PPO against the reward model with a KL penalty to the reference and a critic. */
    PPO("ppo", RM, true),
    /** REINFORCE leave-one-out (Ahmadian et al. 2024): k answers per prompt, the others' mean as baseline, no critic. */
    RLOO("rloo", RM, true),
    /** Group relative policy optimisation (Shao et al. 2024): group-normalised advantages, KL as a loss term, no critic. */
    GRPO("grpo", RM, true),
    /** Direct preference optimisation (Rafailov et al. 2023) on the stored comparisons; IPO as a loss option. */
    DPO("dpo", LABEL, false),
    /** Best-of-n: the reference answers n times, the reward model picks. */
    BON("bon", RM, false);

    private final String configName;
    private final StageName needs;
    private final boolean policyGradient;

    StageName(String configName, StageName needs, boolean policyGradient) {
        this.configName = configName;
        this.needs = needs;
        this.policyGradient = policyGradient;
    }

    /** The name as settings and stored stage records write it: sft, label, rm, ppo, rloo, grpo, dpo or bon. */
    public String configName() {
        return configName;
    }

    /** A stage that closes a pipeline by optimising or selecting the policy (ppo, rloo, grpo, dpo, bon). */
    public boolean isMethod() {
        return needs != null;
    }

    /**
     * A policy-gradient stage on actors (ppo, rloo, grpo): iterations of {@code chat.ppo}'s settings, numbered
     * {@code ppo/iteration}, checkpointed, and closed by an evaluation line.
     */
    public boolean isPolicyGradient() {
        return policyGradient;
    }

    /**
     * The {@code stage} field of the stage's last metrics line: {@code <name>-eval} for a stage that writes iterations
     * (or epochs) before its evaluation, the name itself for a one-line stage.
     */
    public String closingLine() {
        return policyGradient || this == DPO ? configName + "-eval" : configName;
    }

    /** The stage a config name names. @throws IllegalArgumentException for any other name; the message lists the valid ones */
    public static StageName of(String configName) {
        for (StageName stage : values()) {
            if (stage.configName.equals(configName)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + configName + "'; expected one of " + validNames());
    }

    /** The valid names: "sft, label, rm, ppo, rloo, grpo, dpo, bon". */
    public static String validNames() {
        return Arrays.stream(values()).map(StageName::configName).collect(Collectors.joining(", "));
    }

    /**
     * Why {@code pipeline} cannot run, or null when it can: a prefix of sft → label → rm, then at most one method
     * stage, placed after the stage it needs.
     */
    public static String whyInvalid(List<StageName> pipeline) {
        String shape = "a pipeline is a prefix of [sft, label, rm], optionally followed by one method: ppo, rloo, grpo or bon "
                + "after rm, dpo after label or rm";
        if (pipeline.isEmpty()) {
            return "pipeline must name at least one stage; " + shape;
        }
        for (int i = 0; i < pipeline.size(); i++) {
            StageName stage = pipeline.get(i);
            if (stage.isMethod()) {
                if (i != pipeline.size() - 1) {
                    return "pipeline: the method stage '" + stage + "' must be the pipeline's last, got " + pipeline + "; " + shape;
                }
                if (!pipeline.subList(0, i).contains(stage.needs)) {
                    return "pipeline: the " + stage + " stage needs the " + stage.needs + " stage before it, got " + pipeline + "; " + shape;
                }
            } else if (stage.ordinal() != i) {
                return "pipeline must run its stages in the order [sft, label, rm] without gaps (each needs the one before), got "
                        + pipeline + "; " + shape;
            }
        }
        return null;
    }

    /** The pipeline's method stage, or null when it has none. */
    public static StageName method(List<StageName> pipeline) {
        StageName last = pipeline.isEmpty() ? null : pipeline.get(pipeline.size() - 1);
        return last != null && last.isMethod() ? last : null;
    }

    /** The config name, so that a pipeline prints as the user wrote it: [sft, label, rm, ppo]. */
    @Override
    public String toString() {
        return configName;
    }
}
