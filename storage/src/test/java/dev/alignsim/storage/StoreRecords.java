package dev.alignsim.storage;

import dev.alignsim.env.Rng;
import dev.alignsim.storage.proto.ChatResponses;
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

    /** Test responses of one iteration: their tokens and padded per-token columns, as the learners lay them out. */
    record Responses(long iteration, int maxTokens, int[][] prompts, int[][] tokens, float[] logProbs, float[] values,
            float[] rewards, float[] advantages, float[] returns) {

        ChatResponses encoded() {
            return ChatResponseCodec.encode(iteration, maxTokens, prompts, tokens, logProbs, values, rewards, advantages, returns);
        }
    }

    /**
     * {@code count} responses of 1..maxTokens tokens (at least one shorter than maxTokens, so that there is padding) to
     * prompts of 2..4 tokens, with seeded random per-token values and a distinct nonzero marker in every padding entry.
     */
    static Responses responses(long iteration, int count, int maxTokens, long seed) {
        Rng rng = new Rng(seed);
        int[][] prompts = new int[count][];
        int[][] tokens = new int[count][];
        float[][] columns = new float[5][count * maxTokens];
        for (int b = 0; b < count; b++) {
            prompts[b] = new int[2 + rng.nextInt(3)];
            for (int j = 0; j < prompts[b].length; j++) {
                prompts[b][j] = rng.nextInt(40);
            }
            tokens[b] = new int[b == 0 ? Math.max(1, maxTokens - 2) : 1 + rng.nextInt(maxTokens)];
            for (int j = 0; j < tokens[b].length; j++) {
                tokens[b][j] = rng.nextInt(40);
            }
            for (float[] column : columns) {
                for (int j = 0; j < maxTokens; j++) {
                    column[b * maxTokens + j] = j < tokens[b].length ? (float) rng.nextGaussian() : PADDING_MARKER;
                }
            }
        }
        return new Responses(iteration, maxTokens, prompts, tokens, columns[0], columns[1], columns[2], columns[3], columns[4]);
    }

    /** What the padding entries of {@link #responses} hold, so that a test can tell if any was stored. */
    static final float PADDING_MARKER = 12345.5f;
}
