package dev.alignsim.policy.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.policy.ppo.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentSamplerTest {

    /**
     * One environment, 8 steps, observation t at step t, reward 1 a step; the episode terminates at step 2 and is cut by
     * the time limit at step 5. Segments of 3 steps can then only be (0, 1, 2), (1, 2), (2) (ended by the termination)
     * or (3, 4, 5) (which ends on the cut); starts 4 and 5 would run over the cut into the next episode.
     */
    private static Rollout rollout() {
        int steps = 8;
        float[] obs = new float[steps];
        float[] rewards = new float[steps];
        for (int t = 0; t < steps; t++) {
            obs[t] = t;
            rewards[t] = 1;
        }
        boolean[] terminated = new boolean[steps];
        boolean[] truncated = new boolean[steps];
        terminated[2] = true;
        truncated[5] = true;
        return new Rollout(steps, 1, 1, 1, 0, obs, new float[steps], new float[steps], rewards, terminated, truncated,
                new float[steps], new float[1], List.of());
    }

    @Test
    void shouldEndSegmentsAtTerminationsAndNeverRunOverATimeLimitCutWhenDrawn() {
        SegmentSampler sampler = new SegmentSampler(rollout(), 3, 1);
        Set<String> seen = new HashSet<>();
        for (SegmentSampler.Candidate pair : sampler.randomPairs(200, new Rng(3))) {
            for (Segment s : List.of(pair.first(), pair.second())) {
                seen.add(Arrays.toString(s.observations()));
                assertEquals(s.length(), s.trueReturn(), 0.0, "true return of " + Arrays.toString(s.observations()));
            }
        }
        assertEquals(Set.of("[0.0, 1.0, 2.0]", "[1.0, 2.0]", "[2.0]", "[3.0, 4.0, 5.0]"), seen);
    }

    @Test
    void shouldKeepTheMostDisputedPairsWhenSelectingByDisagreement() {
        Rollout r = rollout();
        // Member 0 rewards every step 0; member 1 rewards step 3 with 10: pairs with (3, 4, 5) on one side only are disputed.
        double[][] members = {new double[8], new double[8]};
        members[1][3] = 10;
        SegmentSampler sampler = new SegmentSampler(r, 3, 1);

        List<SegmentSampler.Candidate> chosen = sampler.byDisagreement(5, 8, members, new Rng(5));

        assertEquals(5, chosen.size());
        List<Double> disputes = new ArrayList<>();
        for (SegmentSampler.Candidate c : chosen) {
            disputes.add(SegmentSampler.disagreement(c, members));
            boolean firstHasIt = c.first().observations()[0] == 3f;
            boolean secondHasIt = c.second().observations()[0] == 3f;
            assertTrue(firstHasIt != secondHasIt, "an undisputed pair was kept");
        }
        // Probabilities 1/2 and sigmoid(10): a variance of about 1/16 over the two members.
        assertTrue(disputes.stream().allMatch(d -> d > 0.06), disputes.toString());
    }
}
