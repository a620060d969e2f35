package dev.alignsim.policy.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.NormalizedVectorEnv;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.env.VectorEnv;
import dev.alignsim.policy.nn.NetworkSpec;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RolloutCollectorSnapshotTest {
    private static final NetworkSpec CARTPOLE = new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2));
    private static final NetworkSpec PENDULUM = new NetworkSpec(3, new int[] {64, 64}, new VectorEnv("Pendulum-v1", 1, 0).actionSpace());
    private static final int STEPS = 64;

    private static InferencePolicy cartPolePolicy;
    private static InferencePolicy pendulumPolicy;

    @BeforeAll
    static void publishWeights() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            cartPolePolicy = new InferencePolicy(CARTPOLE, learner.weights());
        }
        try (PolicyLearner learner = new PolicyLearner(PENDULUM, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            pendulumPolicy = new InferencePolicy(PENDULUM, learner.weights());
        }
    }

    private static void assertSameRollout(Rollout expected, Rollout actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.envs(), actual.envs());
        assertEquals(expected.policyVersion(), actual.policyVersion());
        assertArrayEquals(expected.observations(), actual.observations(), "observations");
        assertArrayEquals(expected.actions(), actual.actions(), "actions");
        assertArrayEquals(expected.logProbs(), actual.logProbs(), "logProbs");
        assertArrayEquals(expected.rewards(), actual.rewards(), "rewards");
        assertArrayEquals(expected.terminated(), actual.terminated(), "terminated");
        assertArrayEquals(expected.truncated(), actual.truncated(), "truncated");
        assertArrayEquals(expected.finalObservations(), actual.finalObservations(), "finalObservations");
        assertArrayEquals(expected.nextObservations(), actual.nextObservations(), "nextObservations");
        assertEquals(expected.episodes(), actual.episodes(), "episodes");
    }

    @Test
    void shouldCollectIdenticalRolloutWhenSnapshotRestoredIntoFreshCollector() {
        RolloutCollector original = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        original.collect(STEPS, cartPolePolicy);
        RolloutCollector.State snapshot = original.snapshot();
        Rollout expected = original.collect(STEPS, cartPolePolicy);
        RolloutCollector fresh = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 44), new Rng(8));

        fresh.restore(snapshot);

        assertSameRollout(expected, fresh.collect(STEPS, cartPolePolicy));
    }

    @Test
    void shouldFinishEpisodesInsideComparedRolloutWhenCartPoleActsRandomly() {
        // Guards the test above: episodes end and envs reset inside the compared rollout.
        RolloutCollector original = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        original.collect(STEPS, cartPolePolicy);

        Rollout rollout = original.collect(STEPS, cartPolePolicy);

        assertFalse(rollout.episodes().isEmpty());
    }

    @Test
    void shouldCollectIdenticalRolloutWhenNormalizedSnapshotRestoredIntoFreshCollector() {
        RolloutCollector original = new RolloutCollector(
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 3), 0.99), new Rng(7));
        original.collect(STEPS, pendulumPolicy);
        original.collect(STEPS, pendulumPolicy);
        RolloutCollector.State snapshot = original.snapshot();
        Rollout expected = original.collect(STEPS * 2, pendulumPolicy);
        RolloutCollector fresh = new RolloutCollector(
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 44), 0.99), new Rng(8));

        fresh.restore(snapshot);

        Rollout actual = fresh.collect(STEPS * 2, pendulumPolicy);
        assertSameRollout(expected, actual);
        assertTrue(snapshot.envs().normalized());
    }

    @Test
    void shouldCollectDifferentRolloutWhenFreshCollectorIsNotRestored() {
        // Control: the fresh collector's own seeds show, so the equality above comes from restore.
        RolloutCollector original = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        RolloutCollector fresh = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 44), new Rng(8));

        Rollout a = original.collect(STEPS, cartPolePolicy);
        Rollout b = fresh.collect(STEPS, cartPolePolicy);

        assertFalse(Arrays.equals(a.observations(), b.observations()));
    }

    @Test
    void shouldStartFromSnapshotObservationsWhenRestored() {
        RolloutCollector original = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        Rollout first = original.collect(STEPS, cartPolePolicy);
        RolloutCollector.State snapshot = original.snapshot();
        RolloutCollector fresh = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 44), new Rng(8));

        fresh.restore(snapshot);

        Rollout next = fresh.collect(1, cartPolePolicy);
        assertArrayEquals(first.nextObservations(), Arrays.copyOf(next.observations(), 2 * 4));
        assertArrayEquals(first.nextObservations(), snapshot.currentObservations());
    }

    @Test
    void shouldKeepSnapshotUnchangedWhenCollectorContinues() {
        RolloutCollector original = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        original.collect(STEPS, cartPolePolicy);
        RolloutCollector.State snapshot = original.snapshot();
        float[] current = snapshot.currentObservations().clone();
        long[] rng = snapshot.rng().clone();

        original.collect(STEPS, cartPolePolicy);

        assertArrayEquals(current, snapshot.currentObservations());
        assertArrayEquals(rng, snapshot.rng());
    }

    @Test
    void shouldThrowIllegalArgumentWhenSnapshotHoldsOtherNumberOfObservations() {
        RolloutCollector three = new RolloutCollector(new VectorEnv("CartPole-v1", 3, 3), new Rng(7));
        RolloutCollector.State snapshot = three.snapshot();
        RolloutCollector two = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));

        assertThrows(IllegalArgumentException.class, () -> two.restore(snapshot));
    }
}
