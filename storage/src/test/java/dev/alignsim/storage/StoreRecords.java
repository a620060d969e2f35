package dev.alignsim.storage;

import dev.alignsim.env.Rng;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.SequenceShape;
import dev.alignsim.storage.proto.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small Protobuf records for store tests, filled from a seeded generator. */
final class StoreRecords {
    static final int OBS_DIM = 4;
    static final int ACTION_DIM = 1;

    private StoreRecords() {}

    /** {@code steps x envs} rows, obs_dim 4, action_dim 1, random values from {@code seed}. */
    static ExperienceBatch experience(long iteration, int shard, int steps, int envs, long seed) {
        Rng rng = new Rng(seed);
        ExperienceBatch.Builder b = ExperienceBatch.newBuilder().setIteration(iteration).setShard(shard)
                .setPolicyVersion(iteration - 1).setSteps(steps).setEnvs(envs).setObsDim(OBS_DIM).setActionDim(ACTION_DIM);
        int rows = steps * envs;
        float[] obs = new float[rows * OBS_DIM];
        float[] actions = new float[rows];
        float[] logProbs = new float[rows];
        float[] values = new float[rows];
        float[] rewards = new float[rows];
        boolean[] terminated = new boolean[rows];
        boolean[] truncated = new boolean[rows];
        float[] advantages = new float[rows];
        float[] returns = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < OBS_DIM; j++) {
                obs[r * OBS_DIM + j] = (float) rng.nextGaussian();
            }
            actions[r] = rng.nextInt(2);
            logProbs[r] = (float) -rng.nextDouble();
            values[r] = (float) rng.nextGaussian();
            rewards[r] = (float) rng.nextGaussian();
            terminated[r] = rng.nextInt(10) == 0;
            truncated[r] = rng.nextInt(20) == 0;
            advantages[r] = (float) rng.nextGaussian();
            returns[r] = (float) rng.nextGaussian();
        }
        b.setObservations(ExperienceColumns.floats(obs)).setActions(ExperienceColumns.floats(actions))
                .setLogProbs(ExperienceColumns.floats(logProbs)).setValues(ExperienceColumns.floats(values))
                .setRewards(ExperienceColumns.floats(rewards)).setTerminated(ExperienceColumns.flags(terminated))
                .setTruncated(ExperienceColumns.flags(truncated)).setAdvantages(ExperienceColumns.floats(advantages))
                .setReturns(ExperienceColumns.floats(returns));
        return b.build();
    }

    /** Two shards of 2 steps x 2 envs. */
    static List<ExperienceBatch> smallExperience(long iteration) {
        List<ExperienceBatch> batches = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            batches.add(experience(iteration, shard, 2, 2, iteration * 100 + shard));
        }
        return batches;
    }

    static MetricsLine metrics(long iteration) {
        return MetricsLine.newBuilder().setIteration(iteration)
                .setJson("{\"iteration\":" + iteration + ",\"episodic_return\":" + (iteration * 1.5) + "}").build();
    }

    static Checkpoint checkpoint(long iteration) {
        Tensor w = Tensor.newBuilder().setName("w0").addShape(2).addShape(2)
                .addValues(iteration).addValues(1f).addValues(2f).addValues(3f).build();
        LearnerState policy = LearnerState.newBuilder().addWeights(w).setAdamStep(iteration * 4).setVersion(iteration)
                .addShuffleRng(1).addShuffleRng(2).addShuffleRng(3).addShuffleRng(4).build();
        return Checkpoint.newBuilder().setIteration(iteration).setPolicy(policy).setEpisodesTotal(iteration * 3).build();
    }

    static RunStore.IterationRecords iteration(long iteration, boolean withCheckpoint, boolean last) {
        return new RunStore.IterationRecords(iteration, smallExperience(iteration), metrics(iteration),
                withCheckpoint ? checkpoint(iteration) : null, last);
    }

    /**
     * A small sequence model: an embedding and a GRU weight matrix of seeded Gaussian floats, plus the values whose
     * bits a lossy encoding would change (negative zero, NaN with a payload, infinities, subnormals, extremes).
     */
    static ModelRecord model(String name, String role, long seed) {
        Rng rng = new Rng(seed);
        SequenceShape shape = SequenceShape.newBuilder().setVocabularySize(12).setEmbedding(4).setHidden(3).setLayers(1)
                .setPromptLength(8).setResponseLength(6).build();
        Tensor.Builder embedding = Tensor.newBuilder().setName("embedding").addShape(12).addShape(4);
        for (int i = 0; i < 48; i++) {
            embedding.addValues((float) rng.nextGaussian());
        }
        Tensor.Builder gru = Tensor.newBuilder().setName("gru/0/w").addShape(3).addShape(3);
        for (float v : new float[] {-0f, Float.intBitsToFloat(0x7fc01234), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE, -Float.MIN_NORMAL, 1f / 3f, (float) rng.nextGaussian()}) {
            gru.addValues(v);
        }
        return ModelRecord.newBuilder().setName(name).setRole(role).setVersion(seed).setShape(shape).addWeights(embedding)
                .addWeights(gru).setScoreOffset(-0.25 * seed).setScoreScale(1.5).setSeed(seed).build();
    }
}
