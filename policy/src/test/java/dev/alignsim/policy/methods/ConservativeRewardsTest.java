package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Three members score two responses: the members disagree on response 0 (1, 2, 6) and agree on response 1 (4). */
class ConservativeRewardsTest {
    private static final double[][] SCORES = {{1, 4}, {2, 4}, {6, 4}};

    @Test
    void shouldAverageTheMembersWhenTheObjectiveIsTheMean() {
        // (1 + 2 + 6) / 3 = 3; 4
        assertArrayEquals(new double[] {3, 4}, ConservativeRewards.mean(SCORES), 1e-12);
    }

    @Test
    void shouldTakeTheLowestMemberWhenTheObjectiveIsWorstCase() {
        assertArrayEquals(new double[] {1, 4}, ConservativeRewards.worstCase(SCORES), 1e-12);
    }

    @Test
    void shouldSubtractLambdaTimesThePopulationVarianceWhenUncertaintyWeighted() {
        // response 0: deviations -2, -1, 3 from 3, population variance (4 + 1 + 9) / 3 = 14/3;
        //   3 - 0.5 * 14/3 = 3 - 2.3333333 = 0.6666667 (the sample variance 7 would give -0.5)
        // response 1: variance 0, so 4
        assertArrayEquals(new double[] {2.0 / 3.0, 4}, ConservativeRewards.uncertaintyWeighted(SCORES, 0.5), 1e-12);
    }

    @Test
    void shouldEqualTheMeanWhenThereIsOneMember() {
        // one member: variance 0, min = mean = the member
        assertArrayEquals(new double[] {1, 4}, ConservativeRewards.uncertaintyWeighted(new double[][] {{1, 4}}, 2), 1e-12);
    }

    @Test
    void shouldRejectScoresWhenMembersScoreDifferentNumbersOfResponses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConservativeRewards.mean(new double[][] {{1, 4}, {2}}));
        assertTrue(e.getMessage().contains("scores[1] holds 1 values; expected 2"), e.getMessage());
    }

    @Test
    void shouldRejectScoresWhenOneIsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConservativeRewards.worstCase(new double[][] {{1, 4}, {Double.NaN, 4}}));
        assertTrue(e.getMessage().contains("scores[1][0] is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectScoresWhenThereAreNoMembers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConservativeRewards.mean(new double[0][]));
        assertTrue(e.getMessage().contains("at least one member"), e.getMessage());
    }

    @Test
    void shouldRejectLambdaWhenItIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConservativeRewards.uncertaintyWeighted(SCORES, -1));
        assertTrue(e.getMessage().contains("lambda must be finite and >= 0"), e.getMessage());
    }
}
