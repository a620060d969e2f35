package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.nn.Scalars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingStateTest {
    private NDManager manager;
    private Parameters parameters;
    private TrainingState state;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        parameters = new Parameters(manager);
        parameters.add("w", new int[] {4}, new float[] {1f, 1f, 1f, 1f});
        state = new TrainingState("test", parameters, 1e-8f, new Rng(7));
    }

    @AfterEach
    void tearDown() {
        Autograd.stopRecordingOnThisThread();
        state.close();
        parameters.close();
        manager.close();
    }

    /** Back-propagates {@code loss = 3 * sum(w)} (gradient 3 everywhere, norm 6) and steps. */
    private double stepOnce(double learningRate, double maxGradNorm) {
        try (NDManager scope = parameters.manager().newSubManager()) {
            Autograd.recordOnThisThread();
            NDArray loss = Scalars.times(parameters.get("w"), 3f).sum();
            Autograd.backward(loss);
            Autograd.stopRecordingOnThisThread();
            return state.step(loss.getFloat(), learningRate, maxGradNorm, scope, 0);
        }
    }

    @Test
    void shouldReturnTheGradientNormBeforeClippingWhenStepping() {
        // four gradients of 3: sqrt(4 * 9) = 6, although the clip scales them to norm 1
        assertEquals(6.0, stepOnce(0.1, 1.0), 1e-6);
    }

    @Test
    void shouldMoveEachWeightByTheLearningRateAgainstTheGradientWhenAdamTakesItsFirstStep() {
        // Adam's first step is lr * m_hat / (sqrt(v_hat) + eps) = lr * g / |g| = lr: 1 - 0.1 = 0.9
        stepOnce(0.1, 100.0);
        assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f, 0.9f}, parameters.get("w").toFloatArray(), 1e-6f);
    }

    @Test
    void shouldTagTheSnapshotsWeightsWithTheUpdateCountWhenUpdatesFinish() {
        state.finishUpdate();
        state.finishUpdate();
        assertEquals(2, state.snapshot().weights().version());
    }

    @Test
    void shouldTakeTheUpdateCountFromTheWeightsVersionWhenRestored() {
        state.finishUpdate();
        LearnerSnapshot snapshot = state.snapshot();
        state.finishUpdate();
        state.restore(snapshot);
        assertEquals(1, state.updates());
    }

    @Test
    void shouldRestoreTheWeightsWhenRestored() {
        LearnerSnapshot snapshot = state.snapshot();
        stepOnce(0.1, 100.0);
        state.restore(snapshot);
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, parameters.get("w").toFloatArray());
    }

    @Test
    void shouldDrawTheSameMinibatchOrderWhenRestored() {
        LearnerSnapshot snapshot = state.snapshot();
        int[] first = state.minibatchOrder(50);
        state.restore(snapshot);
        assertArrayEquals(first, state.minibatchOrder(50));
    }

    @Test
    void shouldContinueAdamsStepCountWhenRestored() {
        stepOnce(0.1, 100.0);
        LearnerSnapshot snapshot = state.snapshot();
        stepOnce(0.1, 100.0);
        state.restore(snapshot);
        assertEquals(1, state.snapshot().adamStep());
    }

    @Test
    void shouldNameTheLossAndTheUpdateWhenTheLossIsNaN() {
        state.finishUpdate();
        try (NDManager scope = parameters.manager().newSubManager()) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> state.step(Double.NaN, 0.1, 1.0, scope, 2));
            assertTrue(e.getMessage().startsWith("test loss became NaN in test update 2, epoch 3"), e.getMessage());
        }
    }
}
