package dev.alignsim.env.labelers;

import dev.alignsim.env.chat.Prompt;
import java.util.List;

/**
 * A chain of strategies applied in order to the same perceived utilities: the first stage sees the gold
 * totals, each later stage the previous stage's output. For example {@code persona}, then
 * {@code length_bias}, then {@code boltzmann} is a labeler with its own weights, a taste for length and
 * Bradley-Terry noise on top. Demonstrations are revised the same way: each stage's
 * {@link LabelerStrategy#reviseDemonstration} in chain order.
 */
public final class CompositeStrategy implements LabelerStrategy {

    private final List<LabelerStrategy> stages;

    public CompositeStrategy(List<LabelerStrategy> stages) {
        this.stages = List.copyOf(stages);
        if (this.stages.isEmpty()) {
            throw new IllegalArgumentException("a composite strategy needs at least one stage");
        }
    }

    public List<LabelerStrategy> stages() {
        return stages;
    }

    @Override
    public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
        for (LabelerStrategy stage : stages) {
            stage.perceive(prompt, responses, utilities, context);
        }
    }

    /** Each stage's revision in chain order, the first stage revising the draft, each later one the result. */
    @Override
    public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
        int[] revised = draft;
        for (LabelerStrategy stage : stages) {
            revised = stage.reviseDemonstration(prompt, revised, context);
        }
        return revised;
    }
}
