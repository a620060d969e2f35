package dev.alignsim.policy.preference;

/**
 * A labeler's choice between two segments, the reward model's training example.
 *
 * @param preferred 0 when {@code first} was preferred, 1 when {@code second} was
 */
public record SegmentComparison(Segment first, Segment second, int preferred) {
    public SegmentComparison {
        if (preferred != 0 && preferred != 1) {
            throw new IllegalArgumentException("preferred must be 0 or 1, got " + preferred);
        }
        if (first.obsDim() != second.obsDim() || first.actionDim() != second.actionDim()) {
            throw new IllegalArgumentException("the two segments of a comparison come from different worlds");
        }
    }

    public Segment winner() {
        return preferred == 0 ? first : second;
    }

    public Segment loser() {
        return preferred == 0 ? second : first;
    }
}
