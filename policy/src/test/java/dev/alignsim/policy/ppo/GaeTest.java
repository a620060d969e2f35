package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GaeTest {
    private static final double GAMMA = 0.9;
    private static final double LAMBDA = 0.8;

    // Two envs, three steps, time-major. Env 0 is truncated at t=1 (bootstraps from the final observation's
    // value); env 1 terminates at t=1 (next value 0). Hand computation, env 0:
    //   t=2: delta = 3 + 0.9*2.0 - 1.5 = 3.3                   A = 3.3
    //   t=1: delta = 2 + 0.9*4.0 - 1.0 = 4.6 (final value 4)   A = 4.6 (no flow across the reset)
    //   t=0: delta = 1 + 0.9*1.0 - 0.5 = 1.4                   A = 1.4 + 0.9*0.8*4.6 = 4.712
    // env 1 (same rewards and values, bootstrap 2.0):
    //   t=2: A = 3.3; t=1: delta = 2 + 0 - 1.0 = 1.0, A = 1.0; t=0: A = 1.4 + 0.72*1.0 = 2.12
    private static Gae.Result example() {
        float[] rewards = {1, 1, 2, 2, 3, 3};
        float[] values = {0.5f, 0.5f, 1.0f, 1.0f, 1.5f, 1.5f};
        boolean[] terminated = {false, false, false, true, false, false};
        boolean[] truncated = {false, false, true, false, false, false};
        float[] finalValues = {0, 0, 4.0f, 99f, 0, 0};
        float[] bootstrap = {2.0f, 2.0f};
        return Gae.compute(3, 2, rewards, values, terminated, truncated, finalValues, bootstrap, GAMMA, LAMBDA);
    }

    @Test
    void shouldMatchHandComputedAdvantagesWhenEpisodesTruncateAndTerminate() {
        assertArrayEquals(new float[] {4.712f, 2.12f, 4.6f, 1.0f, 3.3f, 3.3f}, example().advantages(), 1e-5f);
    }

    @Test
    void shouldReturnAdvantagesPlusValuesAsReturns() {
        assertArrayEquals(new float[] {5.212f, 2.62f, 5.6f, 2.0f, 4.8f, 4.8f}, example().returns(), 1e-5f);
    }

    @Test
    void shouldBootstrapFromNextValueWhenNoEpisodeEnds() {
        // One env, two steps, gamma 1, lambda 1: A1 = 1 + 5 - 2 = 4; A0 = 1 + 2 - 1 + 4 = 6.
        Gae.Result r = Gae.compute(2, 1, new float[] {1, 1}, new float[] {1, 2}, new boolean[2], new boolean[2],
                new float[2], new float[] {5}, 1.0, 1.0);
        assertArrayEquals(new float[] {6, 4}, r.advantages(), 1e-6f);
    }
}
