package dev.alignsim.storage;

import dev.alignsim.env.Rng;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A control world's experience batches: read by iteration range, or sampled transition by transition, uniformly with a
 * seed. (ChatWorld's responses are {@link ChatResponseRepository}'s.)
 */
public final class ExperienceRepository {
    private final RocksStore store;

    ExperienceRepository(RocksStore store) {
        this.store = store;
    }

    /** Batches of iterations {@code from..to} (inclusive), in key order (iteration, then shard). */
    public List<ExperienceBatch> range(long from, long to) {
        return Records.readRange(store, RecordKind.EXPERIENCE, ExperienceBatch.parser(), KeyCodec.iteration(from),
                KeyCodec.after(to), "experience");
    }

    /** Transitions stored, over all kept iterations. */
    public long transitionCount() {
        long[] count = {0};
        store.scan(RecordKind.EXPERIENCE, null, null, (key, value) -> {
            count[0] += ExperienceColumns.rows(Records.parse(ExperienceBatch.parser(), value, "experience " + KeyCodec.iterationOf(key)));
            return true;
        });
        return count[0];
    }

    /** One stored transition: where it came from and what it holds. */
    public record Transition(long iteration, int shard, int row, long policyVersion, float[] observation, float[] action,
            float logProb, float value, float reward, boolean terminated, boolean truncated, float advantage, float returnValue) {}

    /**
     * {@code count} transitions drawn uniformly with replacement from iterations {@code from..to}; the same seed and
     * store give the same sample.
     */
    public List<Transition> sampleUniform(int count, long seed, long from, long to) {
        List<ExperienceBatch> batches = range(from, to);
        long total = 0;
        for (ExperienceBatch b : batches) {
            total += ExperienceColumns.rows(b);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no experience stored for iterations " + from + ".." + to);
        }
        Rng rng = new Rng(seed);
        List<Transition> sample = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long pick = (long) Math.floor(rng.nextDouble() * total);
            for (ExperienceBatch b : batches) {
                if (pick < ExperienceColumns.rows(b)) {
                    sample.add(transition(b, (int) pick));
                    break;
                }
                pick -= ExperienceColumns.rows(b);
            }
        }
        return sample;
    }

    /** Row {@code row} of a batch. */
    public static Transition transition(ExperienceBatch b, int row) {
        float[] obs = new float[b.getObsDim()];
        for (int j = 0; j < obs.length; j++) {
            obs[j] = ExperienceColumns.floatAt(b.getObservations(), row * obs.length + j);
        }
        float[] action = new float[b.getActionDim()];
        for (int j = 0; j < action.length; j++) {
            action[j] = ExperienceColumns.floatAt(b.getActions(), row * action.length + j);
        }
        return new Transition(b.getIteration(), b.getShard(), row, b.getPolicyVersion(), obs, action,
                ExperienceColumns.floatAt(b.getLogProbs(), row), ExperienceColumns.floatAt(b.getValues(), row),
                ExperienceColumns.floatAt(b.getRewards(), row), ExperienceColumns.flagAt(b.getTerminated(), row),
                ExperienceColumns.flagAt(b.getTruncated(), row), ExperienceColumns.floatAt(b.getAdvantages(), row),
                ExperienceColumns.floatAt(b.getReturns(), row));
    }
}
