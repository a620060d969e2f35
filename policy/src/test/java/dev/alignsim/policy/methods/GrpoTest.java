package dev.alignsim.policy.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrpoTest {

    @Test
    void shouldDivideByTheSampleStdWhenNormalisingAGroup() {
        // (0, 2, 4): mean 2, deviations -2, 0, 2, squares 8; sample variance 8 / (3 - 1) = 4, std 2
        // (the population std would be sqrt(8/3) = 1.633). A = (r - 2) / (2 + 1e-4): -2 / 2.0001 = -0.99995, 0, 0.99995
        assertArrayEquals(new double[] {-0.9999500025, 0, 0.9999500025},
                Grpo.advantages(new double[] {0, 2, 4}, 3, Grpo.DEFAULT_EPS), 1e-10);
    }

    @Test
    void shouldNormaliseEachGroupOnItsOwnWhenThereAreTwoGroups() {
        // (1, 3): mean 2, sample std sqrt((1 + 1) / 1) = sqrt 2, A = ∓1 / sqrt 2 with eps 1e-12 = ∓0.7071068;
        // (10, 30): mean 20, std 10 sqrt 2, A = ∓10 / (10 sqrt 2) = ∓0.7071068: the scale of a group's rewards drops out
        assertArrayEquals(new double[] {-0.7071068, 0.7071068, -0.7071068, 0.7071068},
                Grpo.advantages(new double[] {1, 3, 10, 30}, 2, 1e-12), 1e-7);
    }

    @Test
    void shouldGiveZeroAdvantagesWhenAGroupsRewardsAreEqual() {
        // (5, 5, 5): mean 5, std 0: 0 / (0 + 1e-4) = 0
        assertArrayEquals(new double[] {0, 0, 0}, Grpo.advantages(new double[] {5, 5, 5}, 3, Grpo.DEFAULT_EPS), 0);
    }

    @Test
    void shouldRejectTheGroupSizeWhenItIsOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grpo.advantages(new double[] {1, 2}, 1, Grpo.DEFAULT_EPS));
        assertTrue(e.getMessage().contains("GRPO needs G >= 2 samples per prompt"), e.getMessage());
    }

    @Test
    void shouldRejectEpsWhenItIsNotPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grpo.advantages(new double[] {1, 2}, 2, 0));
        assertTrue(e.getMessage().contains("eps must be positive"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenOneIsInfinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grpo.advantages(new double[] {Double.POSITIVE_INFINITY, 2}, 2, Grpo.DEFAULT_EPS));
        assertTrue(e.getMessage().contains("rewards[0] is Infinity"), e.getMessage());
    }

    @Test
    void shouldRejectRewardsWhenTheyDoNotSplitIntoGroups() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grpo.advantages(new double[] {1, 2, 3}, 2, Grpo.DEFAULT_EPS));
        assertTrue(e.getMessage().contains("expected a multiple of G = 2"), e.getMessage());
    }
}
