package dev.alignsim.policy.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static float[] twoSteps(float lr) {
        try (NDManager manager = NDManager.newBaseManager(); Parameters params = new Parameters(manager)) {
            NDArray p = params.add("p", new int[] {1}, new float[] {1f});
            try (Adam adam = new Adam(params, 0.9f, 0.999f, 1e-8f)) {
                float[] trace = new float[2];
                for (int step = 0; step < 2; step++) {
                    try (NDManager scope = manager.newSubManager()) {
                        Autograd.recordOnThisThread();
                        Autograd.backward(p.square().sum()); // gradient 2p
                        Autograd.stopRecordingOnThisThread();
                        adam.step(lr, 1f, scope);
                        trace[step] = p.toFloatArray()[0];
                    }
                }
                return trace;
            }
        }
    }

    @Test
    void shouldMatchTorchAdamWhenStepsAreComputedByHand() {
        // step 1: g = 2, m = 0.2, v = 0.004, m^ = 2, v^ = 4: p = 1 - 0.1 * 2 / (2 + 1e-8) = 0.9
        // step 2: g = 1.8, m = 0.18 + 0.18 = 0.36, v = 0.003996 + 0.00324 = 0.007236,
        //         m^ = 0.36 / 0.19 = 1.894737, v^ = 0.007236 / 0.001999 = 3.619810, sqrt = 1.902580
        //         p = 0.9 - 0.1 * 1.894737 / 1.902580 = 0.800412
        float[] trace = twoSteps(0.1f);
        assertEquals(0.9f, trace[0], 1e-6f);
        assertEquals(0.800412f, trace[1], 2e-6f);
    }

    @Test
    void shouldCountStepsWhenUpdating() {
        try (NDManager manager = NDManager.newBaseManager(); Parameters params = new Parameters(manager)) {
            NDArray p = params.add("p", new int[] {1}, new float[] {1f});
            try (Adam adam = new Adam(params, 0.9f, 0.999f, 1e-8f); NDManager scope = manager.newSubManager()) {
                Autograd.recordOnThisThread();
                Autograd.backward(p.square().sum());
                Autograd.stopRecordingOnThisThread();
                adam.step(0.1f, 1f, scope);
                assertEquals(1, adam.stepCount());
            }
        }
    }
}
