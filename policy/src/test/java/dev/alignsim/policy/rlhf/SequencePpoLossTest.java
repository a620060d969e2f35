package dev.alignsim.policy.rlhf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.ppo.PpoLoss;
import dev.alignsim.policy.seq.SequencePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Numeric oracles for PPO on token sequences: the objectives the sequence learners minimise, on a batch small
 * enough to work out by hand. Two responses of width 3: response 0 has 3 real tokens, response 1 has 2 and one
 * padding position, which holds deliberately large numbers that must take no part. So every mean is over 5 tokens.
 * clipCoef = clipValue = 0.2, entCoef = 0.01.
 */
class SequencePpoLossTest {
    private static final int ROWS = 2;
    private static final int WIDTH = 3;
    private static final float[] MASK = {1, 1, 1, 1, 1, 0};
    private static final SequencePpoSettings SETTINGS =
            new SequencePpoSettings(1e-3, 1e-3, 1, 1, 0.2, 0.2, 0.01, 1.0, 1.0, 0.95, 1.0);

    // Policy: ratios r = exp(new - old) of 1.5, 1.0, 0.9 | 0.5, 1.1 and, at the padding, exp(-7 - (-1)) before masking.
    private static final float[] OLD_LOG_PROBS = {-1f, -2f, -0.5f, -1.5f, -1f, -1f};
    private static final float[] RATIOS = {1.5f, 1.0f, 0.9f, 0.5f, 1.1f};
    private static final float PADDING_LOG_PROB = -7f;
    private static final float[] ADVANTAGES = {2f, -1f, 1f, -1f, 3f, 5f};
    private static final float[] ENTROPIES = {1.0f, 0.5f, 0.2f, 0.8f, 0.4f, 9f};

    // Critic: values V, old values V_old, returns R.
    private static final float[] VALUES = {2f, 0.1f, 0.5f, 1.0f, -1f, 5f};
    private static final float[] OLD_VALUES = {0f, 0f, 1f, 1.1f, 0f, 0f};
    private static final float[] RETURNS = {1f, 1f, 0.5f, 2f, 0f, 0f};

    private NDManager manager;
    private MaskedMean tokenMean;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        tokenMean = MaskedMean.over(manager, MASK, ROWS, WIDTH);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray tokens(float[] values) {
        return manager.create(values, new Shape(ROWS, WIDTH));
    }

    private PpoLoss.Policy policyObjective() {
        float[] logProbs = new float[ROWS * WIDTH];
        for (int i = 0; i < RATIOS.length; i++) {
            logProbs[i] = OLD_LOG_PROBS[i] + (float) Math.log(RATIOS[i]);
        }
        logProbs[5] = PADDING_LOG_PROB;
        SequencePolicy.Evaluation eval = new SequencePolicy.Evaluation(tokens(logProbs), tokens(ENTROPIES));
        return SequencePolicyLearner.objective(eval, tokens(OLD_LOG_PROBS), tokens(ADVANTAGES), tokenMean, SETTINGS);
    }

    private PpoLoss.Value valueObjective() {
        return SequenceCriticLearner.objective(tokens(VALUES), tokens(OLD_VALUES), tokens(RETURNS), tokenMean, SETTINGS);
    }

    @Test
    void shouldMatchTheHandComputedPolicyLossWhenOneResponseIsPadded() {
        // max(-A r, -A clip(r, 0.8, 1.2)) per real token:
        //   r 1.5, A  2: max(-3.0, -2.4) = -2.4      r 0.5, A -1: max(0.5, 0.8) = 0.8
        //   r 1.0, A -1: max( 1.0,  1.0) =  1.0      r 1.1, A  3: max(-3.3, -3.3) = -3.3
        //   r 0.9, A  1: max(-0.9, -0.9) = -0.9
        // pgLoss = (-2.4 + 1.0 - 0.9 + 0.8 - 3.3) / 5 = -4.8 / 5 = -0.96
        // entropy term = (1.0 + 0.5 + 0.2 + 0.8 + 0.4) / 5 = 2.9 / 5 = 0.58
        // loss = pgLoss - entCoef * entropy = -0.96 - 0.01 * 0.58 = -0.9658
        assertEquals(-0.9658f, policyObjective().loss().getFloat(), 1e-5f);
    }

    @Test
    void shouldAverageTheEntropyOverRealTokensWhenOneResponseIsPadded() {
        // (1.0 + 0.5 + 0.2 + 0.8 + 0.4) / 5 = 0.58; the padding's 9 would make it 2.3167 over 6
        assertEquals(0.58f, policyObjective().entropy().getFloat(), 1e-6f);
    }

    @Test
    void shouldMatchTheHandComputedApproxKlWhenOneResponseIsPadded() {
        // (r - 1) - ln r: 1.5 -> 0.5 - 0.4054651 = 0.0945349;  1.0 -> 0;  0.9 -> -0.1 + 0.1053605 = 0.0053605;
        //                 0.5 -> -0.5 + 0.6931472 = 0.1931472; 1.1 -> 0.1 - 0.0953102 = 0.0046898
        // sum 0.2977324 / 5 = 0.0595465
        assertEquals(0.0595465f, policyObjective().approxKl().getFloat(), 1e-6f);
    }

    @Test
    void shouldMatchTheHandComputedClipFractionWhenOneResponseIsPadded() {
        // |r - 1| > 0.2 for r = 1.5 and r = 0.5 only; the padding's log-ratio is masked to 0 (r = 1): 2 / 5 = 0.4
        assertEquals(0.4f, policyObjective().clipFraction().getFloat(), 1e-6f);
    }

    @Test
    void shouldMatchTheHandComputedClippedValueLossWhenOneResponseIsPadded() {
        // max((V - R)^2, (V_old + clip(V - V_old, -0.2, 0.2) - R)^2) per real token:
        //   V 2,   V_old 0,   R 1:   max(1,    (0.2 - 1)^2 = 0.64) = 1
        //   V 0.1, V_old 0,   R 1:   max(0.81, (0.1 - 1)^2 = 0.81) = 0.81
        //   V 0.5, V_old 1,   R 0.5: max(0,    (0.8 - 0.5)^2 = 0.09) = 0.09
        //   V 1,   V_old 1.1, R 2:   max(1,    (1.0 - 2)^2 = 1)      = 1
        //   V -1,  V_old 0,   R 0:   max(1,    (-0.2)^2 = 0.04)      = 1
        // 0.5 * (1 + 0.81 + 0.09 + 1 + 1) / 5 = 0.5 * 3.9 / 5 = 0.39 (the padding's (5 - 0)^2 = 25 takes no part)
        assertEquals(0.39f, valueObjective().loss().getFloat(), 1e-6f);
    }

    @Test
    void shouldMatchTheHandComputedValueClipFractionWhenOneResponseIsPadded() {
        // |V - V_old| > 0.2: 2 yes, 0.1 no, -0.5 yes, -0.1 no, -1 yes; padding (5) not counted: 3 / 5 = 0.6
        assertEquals(0.6f, valueObjective().clipFraction().getFloat(), 1e-6f);
    }

    @Test
    void shouldAverageK3OverRealTokensWhenComputingGrposReferenceKl() {
        float[] logProbs = {-1f, -2f, -0.5f, -1.5f, -1f, -7f};
        float[] reference = {-1.5f, -1f, -0.5f, -1.5f, -3f, 0f};
        // x = ref - logp: -0.5, 1, 0 | 0, -2 and padding; k3 = e^x - x - 1 per real token, mean over the 5.
        double expected = (Math.exp(-0.5) + 0.5 - 1 + Math.exp(1) - 2 + Math.exp(-2) + 2 - 1) / 5;
        assertEquals(expected, SequencePolicyLearner.referenceKl(tokens(logProbs), tokens(reference), tokenMean).getFloat(), 1e-6);
    }
}
