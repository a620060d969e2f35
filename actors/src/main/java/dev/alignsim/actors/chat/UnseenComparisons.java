package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import java.util.List;

/**
 * Rankings of the reference's answers to <i>evaluation</i> prompts, which no stage trains on: the same procedure as
 * the label stage (K answers at the labeling temperature, ranked by the labelers), on the other side of the split.
 * They measure a reward model on prompts it has never seen and are never stored.
 */
public final class UnseenComparisons {
    private UnseenComparisons() {}

    /** {@code max(2, chat.eval.prompts / k)} unseen prompts, K answers each, ranked. */
    public static List<Comparison> of(ChatWorld world, SequencePolicy reference) {
        ChatSettings settings = world.settings();
        ChatSettings.LabelSettings ls = settings.label();
        Prompt[] prompts = world.unseenPrompts("eval/unseen-prompts", Math.max(2, settings.eval().prompts() / ls.k()));
        int[][][] responses = Sampling.generateK(reference, prompts, ls.k(), ls.temperature(), world.stream("eval/unseen-generate"));
        return ComparisonRecords.rank(-1, world, world.population("eval-unseen"), prompts, responses);
    }
}
