package dev.alignsim.storage;

import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import java.util.List;

/**
 * What {@link RunStore#commitStage} checks before it writes: stages commit once, in pipeline order and iteration
 * order; a model is written once; a stage never overwrites another's metrics line or comparisons. Each refusal is an
 * {@link IllegalArgumentException} naming the stage.
 */
final class StageCommitChecks {
    private StageCommitChecks() {}

    static void check(StageCommit commit, List<StageRecord> stored, RocksStore store, ComparisonRepository comparisons) {
        StageRecord record = commit.stored();
        long iteration = commit.iteration();
        String what = "stage " + record.getIndex() + " (" + record.getStage() + ")";
        for (StageRecord s : stored) {
            if (s.getIndex() == record.getIndex()) {
                throw new IllegalArgumentException(what + ": stage index " + s.getIndex() + " is already stored (as "
                        + s.getStage() + "); a stage is committed once");
            }
        }
        if (!stored.isEmpty()) {
            StageRecord last = stored.get(stored.size() - 1);
            if (last.getIndex() > record.getIndex()) {
                throw new IllegalArgumentException(what + " comes before the stored stage " + last.getIndex() + " ("
                        + last.getStage() + "); stages are committed in pipeline order, expected an index > " + last.getIndex());
            }
            if (last.getIteration() > iteration) {
                throw new IllegalArgumentException(what + " is keyed under iteration " + iteration + ", before the stored stage "
                        + last.getIndex() + " (" + last.getStage() + ") at iteration " + last.getIteration()
                        + "; expected an iteration >= " + last.getIteration());
            }
        }
        for (ModelRecord model : commit.models()) {
            if (store.get(RecordKind.META, KeyCodec.model(model.getName())) != null) {
                throw new IllegalArgumentException(what + ": model '" + model.getName() + "' is already stored; a model is "
                        + "written once, by the stage that trained it (give a new version a new name)");
            }
        }
        if (commit.metrics() != null && store.get(RecordKind.METRICS, KeyCodec.iteration(iteration)) != null) {
            throw new IllegalArgumentException(what + ": iteration " + iteration + " already has a metrics line; expected "
                    + "an iteration of its own");
        }
        if (!commit.comparisons().isEmpty() && comparisons.holds(iteration, commit.shard())) {
            throw new IllegalArgumentException(what + ": iteration " + iteration + ", shard " + commit.shard()
                    + " already holds comparisons; expected an iteration or shard of its own");
        }
    }
}
