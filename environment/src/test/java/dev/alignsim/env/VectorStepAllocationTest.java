package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rollout loop steps millions of times: a step must not allocate unless an episode ends. */
class VectorStepAllocationTest {

    private static long allocatedBytes(com.sun.management.ThreadMXBean threads) {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void run(VectorEnvironment envs, VectorStep out, float[] actions, int steps) {
        for (int t = 0; t < steps; t++) {
            envs.step(actions, out);
        }
    }

    @Test
    void shouldAllocateNothingWhenNoEpisodeEndsDuringSteps() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        NormalizedVectorEnv envs = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 8, 1L), 0.99);
        VectorStep out = envs.newStep();
        float[] actions = new float[8];
        Arrays.fill(actions, 0.5f);
        long fewest = Long.MAX_VALUE;

        // Several windows, keeping the smallest: JIT compilation now and then allocates a few bytes on this
        // thread, but an allocation in the step itself would show in every window (at least 16 bytes x 199 steps).
        for (int window = 0; window < 10; window++) {
            envs.reset(); // Pendulum truncates at 200: no episode ends in the 199 steps below
            long before = allocatedBytes(threads);
            run(envs, out, actions, 199);
            fewest = Math.min(fewest, allocatedBytes(threads) - before);
        }

        assertEquals(0, fewest, "bytes allocated by 199 steps of 8 normalised Pendulums");
    }
}
