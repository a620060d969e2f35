package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
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
        LabelerPopulation population = world.population("eval-unseen");
        List<Comparison> comparisons = new ArrayList<>(prompts.length);
        for (int i = 0; i < prompts.length; i++) {
            Labeler labeler = population.labelerFor(i);
            long before = labeler.labelsGiven();
            int[] ranking = labeler.rank(prompts[i], responses[i]);
            comparisons.add(ComparisonRecords.of(-1, labeler.id(), settings.strategyOf(labeler.id()), before, prompts[i], responses[i],
                    ranking, world.gold()));
        }
        return comparisons;
    }
}
