package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.nn.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Training must not depend on when the garbage collector runs. DJL's {@code mul(Number)} frees the constant's
 * buffer while autograd still needs it (see {@code Scalars}); with collections forced during training, that made
 * every repetition of the same update differ (and continuous policies' gradients infinite).
 */
class GarbageCollectionSafetyTest {

    private static Set<Integer> repeatedUpdates(NetworkSpec spec, int repetitions) throws Exception {
        int n = 256;
        int obsDim = spec.obsDim();
        Rng rng = new Rng(7);
        float[] obs = new float[n * obsDim];
        float[] actions = new float[n];
        float[] advantages = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < obsDim; j++) {
                obs[i * obsDim + j] = (float) rng.nextGaussian();
            }
            actions[i] = spec.discrete() ? rng.nextInt(2) : (float) rng.nextGaussian();
            advantages[i] = (float) rng.nextGaussian();
        }
        PpoSettings d = PpoSettings.cleanRl();
        PpoSettings settings = new PpoSettings(3e-4, false, d.gamma(), d.gaeLambda(), 8, 2, true, 0.2, true, 0.01, 0.5, 0.5,
                Double.NaN, 1e-5);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            List<byte[]> garbage = new ArrayList<>();
            while (running.get()) {
                for (int i = 0; i < 100; i++) {
                    garbage.add(new byte[10_000]);
                }
                garbage.clear();
                System.gc();
            }
        });
        collector.setDaemon(true);
        collector.start();
        Set<Integer> results = new HashSet<>();
        try {
            for (int r = 0; r < repetitions; r++) {
                try (PolicyLearner learner = new PolicyLearner(spec, settings, Device.cpu(), 1)) {
                    for (int u = 0; u < 2; u++) {
                        learner.update(new PolicyBatch(learner.version(), n, obs, actions, advantages), 3e-4);
                    }
                    results.add(Arrays.hashCode(learner.weights().tensor("w1").values()));
                }
            }
        } finally {
            running.set(false);
            collector.join();
        }
        return results;
    }

    @Test
    void shouldGiveIdenticalUpdatesWhenGarbageIsCollectedDuringTrainingOfGaussianPolicy() throws Exception {
        assertEquals(1, repeatedUpdates(new NetworkSpec(3, new int[] {64, 64}, Space.Box.symmetric(1, 2f)), 3).size());
    }

    @Test
    void shouldGiveIdenticalUpdatesWhenGarbageIsCollectedDuringTrainingOfCategoricalPolicy() throws Exception {
        assertEquals(1, repeatedUpdates(new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2)), 3).size());
    }
}
