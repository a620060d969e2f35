package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VectorEnvSnapshotTest {
    private static final int NUM_ENVS = 3;
    private static final long SEED = 5;
    private static final long OTHER_SEED = 991;
    private static final int WARMUP_STEPS = 150;
    private static final int RECORDED_STEPS = 400;

    /** Everything a run of steps produced, copied out of the reused {@link VectorStep}. */
    private record Trace(List<float[]> obs, List<float[]> rewards, List<boolean[]> terminated, List<boolean[]> truncated,
            List<float[]> finalObs, List<List<Episode>> episodes) {
        Trace() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }

        void add(VectorStep step) {
            obs.add(step.obs.clone());
            rewards.add(step.rewards.clone());
            terminated.add(step.terminated.clone());
            truncated.add(step.truncated.clone());
            finalObs.add(step.finalObs.clone());
            episodes.add(List.copyOf(step.finishedEpisodes()));
        }

        int finishedEpisodes() {
            return episodes.stream().mapToInt(List::size).sum();
        }
    }

    /** Uniform random actions: indices for a discrete space, 1.5 times the box for a continuous one (to hit the clip). */
    private static List<float[]> randomActions(VectorEnvironment env, int steps, long seed) {
        Rng rng = new Rng(seed);
        List<float[]> out = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            float[] actions = new float[env.numEnvs() * env.actionDim()];
            for (int i = 0; i < env.numEnvs(); i++) {
                if (env.actionSpace() instanceof Space.Discrete d) {
                    actions[i] = rng.nextInt(d.n());
                } else {
                    Space.Box box = (Space.Box) env.actionSpace();
                    for (int j = 0; j < env.actionDim(); j++) {
                        actions[i * env.actionDim() + j] = (float) rng.uniform(1.5 * box.low()[j], 1.5 * box.high()[j]);
                    }
                }
            }
            out.add(actions);
        }
        return out;
    }

    private static Trace run(VectorEnvironment env, List<float[]> actions) {
        VectorStep step = env.newStep();
        Trace trace = new Trace();
        for (float[] a : actions) {
            env.step(a, step);
            trace.add(step);
        }
        return trace;
    }

    private static void assertSameTrace(Trace expected, Trace actual) {
        assertEquals(expected.obs().size(), actual.obs().size());
        for (int t = 0; t < expected.obs().size(); t++) {
            String at = "step " + t;
            assertArrayEquals(expected.obs().get(t), actual.obs().get(t), at);
            assertArrayEquals(expected.rewards().get(t), actual.rewards().get(t), at);
            assertArrayEquals(expected.terminated().get(t), actual.terminated().get(t), at);
            assertArrayEquals(expected.truncated().get(t), actual.truncated().get(t), at);
            assertArrayEquals(expected.finalObs().get(t), actual.finalObs().get(t), at);
            assertEquals(expected.episodes().get(t), actual.episodes().get(t), at);
        }
    }

    /**
     * Steps {@code original} 150 random steps, snapshots, records 400 more; restores the snapshot into {@code fresh}
     * (reset first with its own seed) and records the same 400 actions there.
     */
    private static Trace[] snapshotAndReplay(VectorEnvironment original, VectorEnvironment fresh) {
        original.reset();
        run(original, randomActions(original, WARMUP_STEPS, 17));
        VectorEnvState snapshot = original.snapshot();
        List<float[]> actions = randomActions(original, RECORDED_STEPS, 23);
        Trace expected = run(original, actions);

        fresh.reset();
        fresh.restore(snapshot);
        Trace actual = run(fresh, actions);
        return new Trace[] {expected, actual};
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "Pendulum-v1"})
    void shouldReplayIdenticalStepsWhenSnapshotRestoredIntoFreshVector(String envId) {
        Trace[] traces = snapshotAndReplay(new VectorEnv(envId, NUM_ENVS, SEED), new VectorEnv(envId, NUM_ENVS, OTHER_SEED));

        assertSameTrace(traces[0], traces[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "Pendulum-v1"})
    void shouldFinishEpisodesInsideReplayedStepsWhenEnvsRunLongEnough(String envId) {
        // Guards the test above: resets (and so the restored reset generators) happen inside the compared window.
        Trace[] traces = snapshotAndReplay(new VectorEnv(envId, NUM_ENVS, SEED), new VectorEnv(envId, NUM_ENVS, OTHER_SEED));

        assertTrue(traces[0].finishedEpisodes() >= NUM_ENVS, envId + " finished " + traces[0].finishedEpisodes());
    }

    @Test
    void shouldReplayIdenticalStepsWhenNormalizedSnapshotRestoredIntoFreshVector() {
        Trace[] traces = snapshotAndReplay(NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, SEED), 0.99),
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, OTHER_SEED), 0.99));

        assertSameTrace(traces[0], traces[1]);
    }

    @Test
    void shouldRestoreStatisticsWhenNormalizedSnapshotRestored() {
        NormalizedVectorEnv original = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, SEED), 0.99);
        original.reset();
        run(original, randomActions(original, WARMUP_STEPS, 17));
        VectorEnvState snapshot = original.snapshot();
        NormalizedVectorEnv fresh = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, OTHER_SEED), 0.99);
        fresh.reset();

        fresh.restore(snapshot);

        assertArrayEquals(original.observationStats().mean(), fresh.observationStats().mean());
        assertArrayEquals(original.observationStats().var(), fresh.observationStats().var());
        assertEquals(original.observationStats().count(), fresh.observationStats().count());
        assertArrayEquals(original.returnStats().var(), fresh.returnStats().var());
        assertEquals(original.returnStats().count(), fresh.returnStats().count());
        assertArrayEquals(original.discountedReturns(), fresh.discountedReturns());
    }

    @Test
    void shouldKeepSnapshotUnchangedWhenVectorStepsOn() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, SEED), 0.99);
        env.reset();
        run(env, randomActions(env, 20, 17));
        VectorEnvState snapshot = env.snapshot();
        double[] state0 = snapshot.envs().get(0).state();
        double[] obsMean = snapshot.normalization().observationMean().clone();
        double[] returns = snapshot.normalization().discountedReturns().clone();

        run(env, randomActions(env, 20, 19));

        assertArrayEquals(state0, snapshot.envs().get(0).state());
        assertArrayEquals(obsMean, snapshot.normalization().observationMean());
        assertArrayEquals(returns, snapshot.normalization().discountedReturns());
    }

    @Test
    void shouldRewindWhenSnapshotRestoredIntoSameVector() {
        VectorEnv env = new VectorEnv("CartPole-v1", NUM_ENVS, SEED);
        env.reset();
        run(env, randomActions(env, 30, 17));
        VectorEnvState snapshot = env.snapshot();
        List<float[]> actions = randomActions(env, 100, 23);
        Trace expected = run(env, actions);

        env.restore(snapshot);

        assertSameTrace(expected, run(env, actions));
    }

    @Test
    void shouldDivergeWhenFreshVectorIsNotRestored() {
        // Control: without restore the fresh vector's different seed shows in its steps, so equality above means something.
        VectorEnv original = new VectorEnv("CartPole-v1", NUM_ENVS, SEED);
        VectorEnv fresh = new VectorEnv("CartPole-v1", NUM_ENVS, OTHER_SEED);
        original.reset();
        fresh.reset();
        List<float[]> actions = randomActions(original, 10, 23);

        Trace a = run(original, actions);
        Trace b = run(fresh, actions);

        assertFalse(Arrays.equals(a.obs().get(0), b.obs().get(0)));
    }

    @Test
    void shouldThrowIllegalArgumentWhenSnapshotHoldsOtherNumberOfEnvs() {
        VectorEnv three = new VectorEnv("CartPole-v1", 3, SEED);
        three.reset();
        VectorEnvState snapshot = three.snapshot();
        VectorEnv two = new VectorEnv("CartPole-v1", 2, SEED);
        two.reset();

        assertThrows(IllegalArgumentException.class, () -> two.restore(snapshot));
    }

    @Test
    void shouldThrowIllegalArgumentWhenNormalizedSnapshotHoldsOtherNumberOfEnvs() {
        NormalizedVectorEnv three = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 3, SEED), 0.99);
        three.reset();
        VectorEnvState snapshot = three.snapshot();
        NormalizedVectorEnv two = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, SEED), 0.99);
        two.reset();

        assertThrows(IllegalArgumentException.class, () -> two.restore(snapshot));
    }

    @Test
    void shouldThrowIllegalArgumentWhenNormalizedVectorGetsPlainSnapshot() {
        VectorEnv plain = new VectorEnv("Pendulum-v1", NUM_ENVS, SEED);
        plain.reset();
        VectorEnvState snapshot = plain.snapshot();
        NormalizedVectorEnv normalized = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, SEED), 0.99);

        assertThrows(IllegalArgumentException.class, () -> normalized.restore(snapshot));
    }

    @Test
    void shouldThrowIllegalStateWhenSnapshotTakenBeforeReset() {
        VectorEnv env = new VectorEnv("CartPole-v1", NUM_ENVS, SEED);

        assertThrows(IllegalStateException.class, env::snapshot);
    }

    @Test
    void shouldThrowIllegalStateWhenNormalizedSnapshotTakenBeforeReset() {
        NormalizedVectorEnv env = NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", NUM_ENVS, SEED), 0.99);

        assertThrows(IllegalStateException.class, env::snapshot);
    }

    @Test
    void shouldStepWithoutResetWhenRestoredFromSnapshot() {
        VectorEnv original = new VectorEnv("Acrobot-v1", NUM_ENVS, SEED);
        original.reset();
        VectorEnvState snapshot = original.snapshot();
        List<float[]> actions = randomActions(original, 5, 23);
        Trace expected = run(original, actions);
        VectorEnv fresh = new VectorEnv("Acrobot-v1", NUM_ENVS, OTHER_SEED);

        fresh.restore(snapshot);

        assertSameTrace(expected, run(fresh, actions));
    }
}
