package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;

/**
 * What a reward model's scores are normalised on: the frozen SFT reference's answers to the held-out eval prompts,
 * drawn from {@code rm/normalise}, so that the reference scores mean 0, standard deviation 1 under every member. The
 * rm stage normalises on it; the ppo stage draws the same answers again and renormalises on them after each labeling
 * round, so that a score keeps that meaning while the reward model keeps training.
 *
 * @param prompts prompt tokens, one per response
 * @param responses the reference's answers
 */
public record NormalisationSet(int[][] prompts, int[][] responses) {
    /** The reference's answers to the eval prompts; the same for every caller of a run (the streams are the run's). */
    public static NormalisationSet of(StageContext context) {
        ChatWorld world = context.world();
        Prompt[] eval = world.prompts("eval/prompts", context.settings().eval().prompts());
        try (SequencePolicy reference = context.models().reference()) {
            return new NormalisationSet(ChatWorld.tokens(eval), Sampling.generate(reference, eval, 1.0, world.stream("rm/normalise")));
        }
    }

    /** Sets every member's offset and scale so that the reference's answers score mean 0, standard deviation 1. */
    public void normalise(RewardEnsemble ensemble) {
        ensemble.normaliseAgainst(prompts, responses);
    }
}
