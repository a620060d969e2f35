package dev.alignsim.actors.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.alignsim.env.EnvSnapshot;
import dev.alignsim.env.Episode;
import dev.alignsim.env.NormalizationState;
import dev.alignsim.env.NormalizedVectorEnv;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.env.VectorEnv;
import dev.alignsim.env.VectorEnvState;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.policy.ppo.InferencePolicy;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.PolicyBatch;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.PpoSettings;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.policy.ppo.ValueBatch;
import dev.alignsim.policy.ppo.ValueLearner;
import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.proto.EpisodeRecord;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.RunnerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final NetworkSpec CARTPOLE = new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2));
    private static final NetworkSpec PENDULUM =
            new NetworkSpec(3, new int[] {64, 64}, new VectorEnv("Pendulum-v1", 1, 0).actionSpace());

    private static float[] gaussians(Rng rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    /** A policy learner's snapshot after one update, so that weights, moments, step and version are all non-trivial. */
    private static LearnerSnapshot trainedPolicySnapshot() {
        try (PolicyLearner learner = new PolicyLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            Rng rng = new Rng(5);
            float[] actions = new float[64];
            for (int i = 0; i < 64; i++) {
                actions[i] = rng.nextInt(2);
            }
            learner.update(new PolicyBatch(0, 64, gaussians(rng, 64 * 4), actions, gaussians(rng, 64)), 2.5e-4);
            return learner.snapshot();
        }
    }

    private static LearnerSnapshot trainedCriticSnapshot() {
        try (ValueLearner learner = new ValueLearner(CARTPOLE, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            Rng rng = new Rng(6);
            learner.update(new ValueBatch(64, gaussians(rng, 64 * 4), gaussians(rng, 64), gaussians(rng, 64)), 2.5e-4);
            return learner.snapshot();
        }
    }

    private static void assertSameLearner(LearnerSnapshot expected, LearnerSnapshot actual) {
        assertEquals(expected.weights().version(), actual.weights().version(), "version");
        assertEquals(expected.weights().names(), actual.weights().names());
        for (int i = 0; i < expected.weights().tensors().size(); i++) {
            NetworkWeights.Tensor e = expected.weights().tensors().get(i);
            NetworkWeights.Tensor a = actual.weights().tensors().get(i);
            assertArrayEquals(e.shape(), a.shape(), e.name());
            assertArrayEquals(e.values(), a.values(), e.name());
        }
        assertEquals(expected.adamStep(), actual.adamStep(), "adam step");
        assertEquals(expected.adamFirstMoments().size(), actual.adamFirstMoments().size());
        assertEquals(expected.adamSecondMoments().size(), actual.adamSecondMoments().size());
        for (int i = 0; i < expected.adamFirstMoments().size(); i++) {
            assertArrayEquals(expected.adamFirstMoments().get(i), actual.adamFirstMoments().get(i), "first moment " + i);
            assertArrayEquals(expected.adamSecondMoments().get(i), actual.adamSecondMoments().get(i), "second moment " + i);
        }
        assertArrayEquals(expected.shuffleRng(), actual.shuffleRng(), "shuffle rng");
    }

    private static void assertSameRunner(RolloutCollector.State expected, RolloutCollector.State actual) {
        List<EnvSnapshot> e = expected.envs().envs();
        List<EnvSnapshot> a = actual.envs().envs();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).state(), a.get(i).state(), "env " + i);
            assertEquals(e.get(i).elapsedSteps(), a.get(i).elapsedSteps(), "env " + i);
            assertEquals(e.get(i).episodeReturn(), a.get(i).episodeReturn(), "env " + i);
            assertArrayEquals(e.get(i).rng(), a.get(i).rng(), "env " + i);
        }
        assertArrayEquals(expected.currentObservations(), actual.currentObservations());
        assertArrayEquals(expected.rng(), actual.rng());
        NormalizationState en = expected.envs().normalization();
        NormalizationState an = actual.envs().normalization();
        assertEquals(en == null, an == null, "normalized");
        if (en != null) {
            assertArrayEquals(en.observationMean(), an.observationMean());
            assertArrayEquals(en.observationVar(), an.observationVar());
            assertEquals(en.observationCount(), an.observationCount());
            assertArrayEquals(en.returnMean(), an.returnMean());
            assertArrayEquals(en.returnVar(), an.returnVar());
            assertEquals(en.returnCount(), an.returnCount());
            assertArrayEquals(en.discountedReturns(), an.discountedReturns());
        }
    }

    private static InferencePolicy policy(NetworkSpec spec) {
        try (PolicyLearner learner = new PolicyLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            return new InferencePolicy(spec, learner.weights());
        }
    }

    private static RolloutCollector.State cartPoleRunnerState() {
        RolloutCollector collector = new RolloutCollector(new VectorEnv("CartPole-v1", 2, 3), new Rng(7));
        collector.collect(40, policy(CARTPOLE));
        return collector.snapshot();
    }

    private static RolloutCollector.State normalizedPendulumRunnerState() {
        RolloutCollector collector = new RolloutCollector(
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 3), 0.99), new Rng(7));
        collector.collect(40, policy(PENDULUM));
        return collector.snapshot();
    }

    @Test
    void shouldRoundTripPolicyLearnerExactlyWhenConvertedToLearnerStateAndBack() {
        LearnerSnapshot snapshot = trainedPolicySnapshot();

        assertSameLearner(snapshot, RecordCodec.learner(RecordCodec.learner(snapshot)));
    }

    @Test
    void shouldRoundTripCriticLearnerExactlyWhenConvertedToLearnerStateAndBack() {
        LearnerSnapshot snapshot = trainedCriticSnapshot();

        assertSameLearner(snapshot, RecordCodec.learner(RecordCodec.learner(snapshot)));
    }

    @Test
    void shouldRoundTripLearnerExactlyWhenLearnerStatePassesThroughBytes() throws InvalidProtocolBufferException {
        LearnerSnapshot snapshot = trainedPolicySnapshot();

        LearnerState parsed = LearnerState.parseFrom(RecordCodec.learner(snapshot).toByteArray());

        assertSameLearner(snapshot, RecordCodec.learner(parsed));
    }

    @Test
    void shouldKeepVersionStepAndRngWhenLearnerEncoded() {
        LearnerSnapshot snapshot = trainedPolicySnapshot();

        LearnerState state = RecordCodec.learner(snapshot);

        assertEquals(1, state.getVersion());
        assertEquals(snapshot.adamStep(), state.getAdamStep());
        assertEquals(16, state.getAdamStep());
        assertEquals(4, state.getShuffleRngCount());
        assertEquals(snapshot.weights().tensors().size(), state.getWeightsCount());
    }

    @Test
    void shouldRoundTripSpecialFloatsAndRngWordsWhenLearnerEncoded() {
        float[] values = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN, 1e-40f};
        NetworkWeights weights = new NetworkWeights(Long.MAX_VALUE,
                List.of(new NetworkWeights.Tensor("w0", new int[] {2, 3}, values),
                        new NetworkWeights.Tensor("b0", new int[] {2}, new float[] {0.5f, -0.25f})));
        LearnerSnapshot snapshot = new LearnerSnapshot(weights, 1L << 40,
                List.of(new float[] {1, -0.0f, 3, 4, 5, 6}, new float[] {7, 8}),
                List.of(new float[] {9, 10, 11, 12, Float.MIN_NORMAL, 14}, new float[] {15, 16}),
                new long[] {-1L, Long.MIN_VALUE, 0L, 0x9E3779B97F4A7C15L});

        assertSameLearner(snapshot, RecordCodec.learner(RecordCodec.learner(snapshot)));
    }

    @Test
    void shouldRoundTripRunnerStateWhenNotNormalized() {
        RolloutCollector.State state = cartPoleRunnerState();

        RolloutCollector.State decoded = RecordCodec.runner(RecordCodec.runner(1, state));

        assertSameRunner(state, decoded);
        assertNull(decoded.envs().normalization());
    }

    @Test
    void shouldRoundTripRunnerStateWhenNormalized() {
        RolloutCollector.State state = normalizedPendulumRunnerState();

        RolloutCollector.State decoded = RecordCodec.runner(RecordCodec.runner(1, state));

        assertTrue(decoded.envs().normalized());
        assertSameRunner(state, decoded);
    }

    @Test
    void shouldRoundTripRunnerStateWhenRunnerStatePassesThroughBytes() throws InvalidProtocolBufferException {
        RolloutCollector.State state = normalizedPendulumRunnerState();

        RunnerState parsed = RunnerState.parseFrom(RecordCodec.runner(2, state).toByteArray());

        assertSameRunner(state, RecordCodec.runner(parsed));
    }

    @Test
    void shouldRecordRunnerIndexAndNormalizationFlagWhenRunnerEncoded() {
        RunnerState plain = RecordCodec.runner(3, cartPoleRunnerState());
        RunnerState normalized = RecordCodec.runner(4, normalizedPendulumRunnerState());

        assertEquals(3, plain.getRunnerIndex());
        assertFalse(plain.getNormalized());
        assertEquals(4, normalized.getRunnerIndex());
        assertTrue(normalized.getNormalized());
        assertEquals(2, normalized.getDiscountedReturnsCount());
    }

    @Test
    void shouldCollectSameRolloutWhenCollectorRestoredFromDecodedRunnerState() {
        InferencePolicy policy = policy(PENDULUM);
        RolloutCollector original = new RolloutCollector(
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 3), 0.99), new Rng(7));
        original.collect(40, policy);
        RunnerState stored = RecordCodec.runner(0, original.snapshot());
        Rollout expected = original.collect(200, policy);
        RolloutCollector fresh = new RolloutCollector(
                NormalizedVectorEnv.cleanRl(new VectorEnv("Pendulum-v1", 2, 55), 0.99), new Rng(8));

        fresh.restore(RecordCodec.runner(stored));

        Rollout actual = fresh.collect(200, policy);
        assertArrayEquals(expected.observations(), actual.observations());
        assertArrayEquals(expected.actions(), actual.actions());
        assertArrayEquals(expected.rewards(), actual.rewards());
        assertArrayEquals(expected.finalObservations(), actual.finalObservations());
        assertEquals(expected.episodes(), actual.episodes());
    }

    @Test
    void shouldRoundTripEpisodeWhenConvertedToRecordAndBack() {
        Episode episode = new Episode(3, -1234.5678901234567, 200);

        assertEquals(episode, RecordCodec.episode(RecordCodec.episode(episode)));
    }

    @Test
    void shouldRoundTripEpisodeWhenRecordPassesThroughBytes() throws InvalidProtocolBufferException {
        Episode episode = new Episode(0, Math.nextUp(500.0), 500);

        EpisodeRecord parsed = EpisodeRecord.parseFrom(RecordCodec.episode(episode).toByteArray());

        assertEquals(episode, RecordCodec.episode(parsed));
    }

    @Test
    void shouldCopyOnlyShardColumnsWhenExperienceEncoded() {
        RolloutCollector collector = new RolloutCollector(new VectorEnv("CartPole-v1", 4, 3), new Rng(7));
        Rollout merged = collector.collect(8, policy(CARTPOLE));
        Rng rng = new Rng(1);
        Advantages.Prepared prepared = Advantages.prepare(merged,
                gaussians(rng, Advantages.valueInputs(merged).length / 4), 0.99, 0.95);

        ExperienceBatch shard = RecordCodec.experience(9, 1, 2, 2, merged, prepared);

        assertEquals(9, shard.getIteration());
        assertEquals(1, shard.getShard());
        assertEquals(8 * 2, ExperienceColumns.rows(shard));
        for (int t = 0; t < 8; t++) {
            for (int e = 0; e < 2; e++) {
                int src = t * 4 + 2 + e;
                int dst = t * 2 + e;
                for (int j = 0; j < 4; j++) {
                    assertEquals(merged.observations()[src * 4 + j], ExperienceColumns.floatAt(shard.getObservations(), dst * 4 + j));
                }
                assertEquals(merged.actions()[src], ExperienceColumns.floatAt(shard.getActions(), dst));
                assertEquals(merged.logProbs()[src], ExperienceColumns.floatAt(shard.getLogProbs(), dst));
                assertEquals(merged.rewards()[src], ExperienceColumns.floatAt(shard.getRewards(), dst));
                assertEquals(prepared.valueBatch().oldValues()[src], ExperienceColumns.floatAt(shard.getValues(), dst));
                assertEquals(prepared.policyBatch().advantages()[src], ExperienceColumns.floatAt(shard.getAdvantages(), dst));
                assertEquals(prepared.valueBatch().returns()[src], ExperienceColumns.floatAt(shard.getReturns(), dst));
            }
        }
    }

    @Test
    void shouldKeepEnvOrderWhenRunnerStateDecoded() {
        RolloutCollector.State state = cartPoleRunnerState();
        VectorEnvState envs = state.envs();

        RolloutCollector.State decoded = RecordCodec.runner(RecordCodec.runner(0, state));

        assertFalse(java.util.Arrays.equals(envs.envs().get(0).rng(), envs.envs().get(1).rng()));
        assertArrayEquals(envs.envs().get(1).rng(), decoded.envs().envs().get(1).rng());
        assertArrayEquals(envs.envs().get(0).state(), decoded.envs().envs().get(0).state());
    }
}
