package dev.alignsim.policy.tamer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CreditAssignmentTest {

    /**
     * Six steps, an episode starting at step 4; window 3. Judgement +2 arrives at step 2: credit 1/3 to steps 0, 1, 2.
     * Judgement -1 arrives at step 3: credit 1/3 to steps 1, 2, 3. Judgement +4 arrives at step 5: only steps 4 and 5
     * are in its episode, credit 1/2 each. Weights: 1/3, 2/3, 2/3, 1/3, 1/2, 1/2. Targets: step 0: 2; steps 1 and 2:
     * (2/3 - 1/3) / (2/3) = 1/2; step 3: -1; steps 4 and 5: 4.
     */
    @Test
    void shouldCreditEachJudgementUniformlyToTheStepsBeforeItWithinItsEpisode() {
        boolean[] starts = {true, false, false, false, true, false};

        CreditAssignment.Targets t = CreditAssignment.targets(6, starts, new int[] {2, 3, 5}, new double[] {2, -1, 4}, 3);

        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0 / 3, 0.5, 0.5}, t.weight(), 1e-12);
        assertArrayEquals(new double[] {2, 0.5, 0.5, -1, 4, 4}, t.target(), 1e-12);
    }

    @Test
    void shouldLeaveStepsNoJudgementCoversWithoutWeightWhenJudgementsAreSparse() {
        CreditAssignment.Targets t = CreditAssignment.targets(5, new boolean[5], new int[] {4}, new double[] {3}, 1);

        assertArrayEquals(new double[] {0, 0, 0, 0, 1}, t.weight(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0, 3}, t.target(), 1e-12);
    }

    @Test
    void shouldRefuseAJudgementOutsideTheStepsWhenComputingTargets() {
        assertThrows(IllegalArgumentException.class,
                () -> CreditAssignment.targets(3, new boolean[3], new int[] {3}, new double[] {1}, 2));
    }
}
