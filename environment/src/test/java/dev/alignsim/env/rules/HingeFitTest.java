package dev.alignsim.env.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HingeFitTest {
    private static final RuleClass A = RuleClass.HARMFUL_DESIRED_REFUSAL;
    private static final RuleClass B = RuleClass.HARMFUL_UNDESIRED_REFUSAL;
    private static final RuleClass C = RuleClass.HARMFUL_CONTENT;

    private static HingeFit.Example example(RuleClass[] classes, double[] offsets, int[] tiers) {
        return new HingeFit.Example(classes, offsets, tiers);
    }

    @Test
    void shouldMeetTheMarginWithTheSmallestWeightsWhenThePenaltyIsSmall() {
        // min 0.05 (a² + c²) + max(0, 1 - (a - c)): the hinge is cheaper to satisfy than to pay, so a - c = 1 exactly,
        // and the least norm with a - c = 1 is a = 0.5, c = -0.5 (subgradient: 0.1 · 0.5 = s, s = 0.05 in [0, 1]).
        HingeFit.Result r = HingeFit.fit(List.of(example(new RuleClass[] {A, C}, new double[] {0, 0}, new int[] {0, 1})), 1.0, 0.1);
        assertEquals(0.5, r.weights().weight(A), 1e-9);
        assertEquals(-0.5, r.weights().weight(C), 1e-9);
        assertEquals(0.0, r.weights().weight(B), 1e-12);
        assertEquals(1.0, r.ordered());
        // Loss: 0.05 · (0.25 + 0.25) + 0 = 0.025.
        assertEquals(0.025, r.loss(), 1e-9);
    }

    @Test
    void shouldStopShortOfTheMarginWhenThePenaltyIsLarge() {
        // min 5 (a² + c²) + max(0, 1 - (a - c)): with the hinge active, d/da = 10a - 1 = 0 gives a = 0.1, c = -0.1.
        HingeFit.Result r = HingeFit.fit(List.of(example(new RuleClass[] {A, C}, new double[] {0, 0}, new int[] {0, 1})), 1.0, 10.0);
        assertEquals(0.1, r.weights().weight(A), 1e-9);
        assertEquals(-0.1, r.weights().weight(C), 1e-9);
        // Loss: 5 · 0.02 + (1 - 0.2) = 0.9.
        assertEquals(0.9, r.loss(), 1e-9);
    }

    @Test
    void shouldMakeUpWhatTheOffsetsLackWhenTheRewardModelPrefersTheWorseCompletion() {
        // The reward model scores content 2 above the refusal: the weights must give a - c >= 1 + 2 = 3; least norm
        // a = 1.5, c = -1.5 (l2 small enough that meeting the margin is cheaper).
        HingeFit.Result r = HingeFit.fit(List.of(example(new RuleClass[] {A, C}, new double[] {0, 2}, new int[] {0, 1})), 1.0, 0.01);
        assertEquals(1.5, r.weights().weight(A), 1e-9);
        assertEquals(-1.5, r.weights().weight(C), 1e-9);
        assertEquals(1.0, r.ordered());
    }

    @Test
    void shouldOrderAChainOfThreeTiersWhenEveryPairIsConstrained() {
        // Pairs (A,B), (A,C), (B,C), each needing a gap of 1 (N = 3, C = 1 / (0.003 · 3) large): the least-norm weights
        // with a - b >= 1 and b - c >= 1 are a = 1, b = 0, c = -1, and then a - c = 2 >= 1 holds with room.
        HingeFit.Result r = HingeFit.fit(List.of(example(new RuleClass[] {A, B, C}, new double[] {0, 0, 0}, new int[] {0, 1, 2})), 1.0,
                0.003);
        assertEquals(1.0, r.weights().weight(A), 1e-9);
        assertEquals(0.0, r.weights().weight(B), 1e-9);
        assertEquals(-1.0, r.weights().weight(C), 1e-9);
        assertEquals(3, r.pairs());
    }

    @Test
    void shouldSkipPairsOfOneClassWhenNoWeightCanOrderThem() {
        HingeFit.Example sameClass = example(new RuleClass[] {B, B}, new double[] {0, 0}, new int[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> HingeFit.fit(List.of(sameClass), 1.0, 0.1));
    }

    @Test
    void shouldRejectAnOffsetThatIsNotFinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> example(new RuleClass[] {A, C}, new double[] {0, Double.NaN}, new int[] {0, 1}));
        assertEquals(true, e.getMessage().contains("offset 1"));
    }
}
