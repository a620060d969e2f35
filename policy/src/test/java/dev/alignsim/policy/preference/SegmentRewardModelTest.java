package dev.alignsim.policy.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentRewardModelTest {
    private static final SegmentRewardSettings SETTINGS =
            new SegmentRewardSettings(new int[] {16}, 1, 20, 16, 3e-3, 1.0, SegmentRewardSettings.Scale.RMS);

    /** A segment of {@code length} steps whose one observation value is drawn around {@code centre}; action 0. */
    private static Segment segment(double centre, int length, Rng rng) {
        float[] obs = new float[length];
        for (int t = 0; t < length; t++) {
            obs[t] = (float) (centre + rng.uniform(-0.2, 0.2));
        }
        return new Segment(length, 1, 1, obs, new float[length], 0, 1);
    }

    @Test
    void shouldRewardTheStatesOfPreferredSegmentsHigherWhenTrained() {
        Rng rng = new Rng(4);
        List<SegmentComparison> data = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            boolean firstWins = rng.nextInt(2) == 0;
            Segment good = segment(0.5, 5, rng);
            Segment bad = segment(-0.5, 5, rng);
            data.add(firstWins ? new SegmentComparison(good, bad, 0) : new SegmentComparison(bad, good, 1));
        }
        try (SegmentRewardModel model = new SegmentRewardModel(1, new Space.Discrete(2), SETTINGS, Device.cpu(), 7)) {
            SegmentRewardModel.Stats stats = model.train(data);

            float[] rewards = model.rawRewards(new float[] {0.5f, -0.5f}, new float[] {0, 0}, 2);
            assertTrue(rewards[0] > rewards[1], "good " + rewards[0] + ", bad " + rewards[1]);
            assertEquals(1.0, stats.pairAccuracy(), 0.0);
        }
    }

    @Test
    void shouldDivideRewardsByTheirRootMeanSquareWhenNormalised() {
        assertEquals(Math.sqrt((9 + 16) / 2.0), SegmentRewardModel.rootMeanSquare(new float[] {3, -4}), 1e-12);
        assertEquals(1.0, SegmentRewardModel.rootMeanSquare(new float[] {0, 0}), 0.0);
        assertEquals(Math.sqrt(2), SegmentRewardModel.standardDeviation(new float[] {1, 3}), 1e-12);
    }
}
