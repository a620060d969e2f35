package dev.alignsim.storage;

import dev.alignsim.env.Rng;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Labelers' comparisons, keyed by iteration, shard (the labeling round's writer) and sequence: appended in one
 * batch per labeling round, read back by iteration range, or sampled uniformly with a seed (for reward models that
 * replay old comparisons with new ones).
 */
public final class ComparisonRepository {
    private final RocksStore store;

    ComparisonRepository(RocksStore store) {
        this.store = store;
    }

    /** Appends a labeling round's comparisons atomically, numbered 0.. in order under (iteration, shard). */
    public void append(long iteration, int shard, List<Comparison> comparisons) {
        try (RocksStore.Batch batch = store.batch()) {
            stage(batch, iteration, shard, comparisons);
            batch.commit();
        }
    }

    /**
     * Checks a round's comparisons and stages their writes, numbered 0.. in order under (iteration, shard), in a batch
     * that the caller commits (a pipeline stage commits them together with its models).
     */
    static void stage(RocksStore.Batch batch, long iteration, int shard, List<Comparison> comparisons) {
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            if (c.getIteration() != iteration) {
                throw new IllegalArgumentException("comparison " + i + " belongs to iteration " + c.getIteration()
                        + ", not " + iteration);
            }
            if (c.getRankingCount() != c.getResponsesCount()) {
                throw new IllegalArgumentException("comparison " + i + " ranks " + c.getRankingCount() + " of its "
                        + c.getResponsesCount() + " responses; a ranking must order them all");
            }
            batch.put(RecordKind.COMPARISONS, KeyCodec.record(iteration, shard, i), c.toByteArray());
        }
    }

    /** Whether any comparison is stored under (iteration, shard). */
    boolean holds(long iteration, int shard) {
        boolean[] found = {false};
        store.scan(RecordKind.COMPARISONS, KeyCodec.record(iteration, shard, 0),
                shard == Integer.MAX_VALUE ? KeyCodec.after(iteration) : KeyCodec.record(iteration, shard + 1, 0), (key, value) -> {
                    found[0] = true;
                    return false;
                });
        return found[0];
    }

    /** Comparisons of iterations {@code from..to} (inclusive), in key order. */
    public List<Comparison> range(long from, long to) {
        return Records.readRange(store, RecordKind.COMPARISONS, Comparison.parser(), KeyCodec.iteration(from),
                KeyCodec.after(to), "comparison");
    }

    /**
     * Visits the comparisons of iterations {@code from..to} (inclusive) in key order, decoding one at a time, until
     * the visitor returns false: a reader that needs a few comparisons of a round of thousands stops early.
     */
    public void visit(long from, long to, Predicate<Comparison> visitor) {
        store.scan(RecordKind.COMPARISONS, KeyCodec.iteration(from), KeyCodec.after(to),
                (key, value) -> visitor.test(Records.parse(Comparison.parser(), value, "comparison of iteration " + KeyCodec.iterationOf(key))));
    }

    /**
     * {@code count} comparisons drawn uniformly with replacement from iterations {@code from..to}; seeded. Held-out
     * comparisons ({@link Comparison#getHeldout()}) are never drawn: they are replayed to reward models, and a
     * reward model that trained on its held-out comparisons would be measured on its training data.
     */
    public List<Comparison> sampleUniform(int count, long seed, long from, long to) {
        List<Comparison> all = range(from, to).stream().filter(c -> !c.getHeldout()).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no comparisons stored for iterations " + from + ".." + to + " that are not held out");
        }
        Rng rng = new Rng(seed);
        List<Comparison> sample = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sample.add(all.get(rng.nextInt(all.size())));
        }
        return sample;
    }
}
