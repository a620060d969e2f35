package dev.alignsim.policy.ppo;

import dev.alignsim.policy.nn.NetworkWeights;
import java.util.List;

/**
 * A learner between updates, enough to continue it exactly: weights (their version is the learner's update
 * count), Adam's step count and moments in parameter order, and the minibatch shuffler's state.
 */
public record LearnerSnapshot(NetworkWeights weights, long adamStep, List<float[]> adamFirstMoments,
        List<float[]> adamSecondMoments, long[] shuffleRng) {
    public LearnerSnapshot {
        adamFirstMoments = List.copyOf(adamFirstMoments);
        adamSecondMoments = List.copyOf(adamSecondMoments);
        shuffleRng = shuffleRng.clone();
    }
}
