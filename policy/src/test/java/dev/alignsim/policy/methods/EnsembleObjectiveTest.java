package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnsembleObjectiveTest {
    private static final double[][] SCORES = {{1, 4}, {2, 4}, {6, 4}};

    @Test
    void shouldParseEveryObjectiveWhenGivenItsSettingName() {
        for (EnsembleObjective objective : EnsembleObjective.values()) {
            assertEquals(objective, EnsembleObjective.of(objective.settingName()));
        }
    }

    @Test
    void shouldParseTheNameWhenItIsInUpperCase() {
        assertEquals(EnsembleObjective.WORST_CASE, EnsembleObjective.of("WORST_CASE"));
    }

    @Test
    void shouldNameTheValidObjectivesWhenTheNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleObjective.of("uwo"));
        assertTrue(e.getMessage().contains("'uwo'; expected one of mean, worst_case, uncertainty_weighted"), e.getMessage());
    }

    @Test
    void shouldRejectTheNameWhenItIsNull() {
        assertThrows(IllegalArgumentException.class, () -> EnsembleObjective.of(null));
    }

    @Test
    void shouldApplyItsOwnObjectiveWhenScoringResponses() {
        // mean (3, 4); worst case (1, 4); UWO with λ = 0.5: 3 - 0.5 * 14/3 = 2/3, and 4
        assertArrayEquals(new double[] {3, 4}, EnsembleObjective.MEAN.rewards(SCORES, 0.5), 1e-12);
        assertArrayEquals(new double[] {1, 4}, EnsembleObjective.WORST_CASE.rewards(SCORES, 0.5), 1e-12);
        assertArrayEquals(new double[] {2.0 / 3.0, 4}, EnsembleObjective.UNCERTAINTY_WEIGHTED.rewards(SCORES, 0.5), 1e-12);
    }
}
