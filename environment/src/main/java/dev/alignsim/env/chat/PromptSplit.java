package dev.alignsim.env.chat;

import dev.alignsim.env.Rng;
import java.util.Objects;

/**
 * The fixed split of ChatWorld's prompts into <i>train</i> prompts (the only ones SFT, labeling, reward-model
 * training and PPO ever draw) and <i>evaluation</i> prompts that no stage sees, decided by the prompt's identity
 * (its tokens) alone: a keyed hash of the tokens below {@code evalFraction} of its range puts a prompt in the
 * evaluation split. The same tokens land in the same split in every stage, process and machine.
 *
 * @param evalFraction the share of prompts held out for evaluation, in (0, 1)
 * @param key mixes into the hash, so that different worlds hold out different prompts
 */
public record PromptSplit(double evalFraction, long key) {

    /** The two sides of the split. */
    public enum Side {
        /** Prompts that stages train on. */
        TRAIN,
        /** Prompts held out from every stage. */
        EVAL
    }

    public PromptSplit {
        if (!(evalFraction > 0.0 && evalFraction < 1.0)) {
            throw new IllegalArgumentException("eval fraction must be in (0, 1), got " + evalFraction);
        }
    }

    public Side side(Prompt prompt) {
        return isEval(Objects.requireNonNull(prompt, "prompt").tokens()) ? Side.EVAL : Side.TRAIN;
    }

    /** Whether the prompt with these tokens is held out for evaluation. */
    public boolean isEval(int[] tokens) {
        return Rng.hashUnit(key, tokens) < evalFraction;
    }
}
