package dev.alignsim.storage;

import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one ChatWorld pipeline stage produced, committed by {@link RunStore#commitStage} in one write batch so
 * that a crash leaves the stage either fully stored or not at all (and a resumed pipeline reruns it).
 *
 * <p>The stored {@link StageRecord}'s {@code comparisons}, {@code models} and {@code iteration} are derived from
 * this commit ({@link #stored()}): leave them unset, or set them to the values the commit implies; anything else is
 * refused, since a stage record that disagrees with what was stored beside it would mislead every reader.
 *
 * @param stage the stage's record: its name, its index in the pipeline (from 0) and its summary
 * @param iteration the iteration its comparisons and metrics line are keyed under; {@link RunStore#truncateAfter}
 *     drops the stage when it truncates below it
 * @param shard the shard its comparisons are keyed under (numbered 0.. in order, as {@link ComparisonRepository})
 * @param comparisons comparisons to append; each must belong to {@code iteration}
 * @param models trained networks to store by name; names are non-empty and distinct
 * @param metrics the stage's metrics line, keyed by {@code iteration}, or null
 */
public record StageCommit(StageRecord stage, long iteration, int shard, List<Comparison> comparisons,
        List<ModelRecord> models, MetricsLine metrics) {

    public StageCommit {
        Objects.requireNonNull(stage, "stage");
        comparisons = List.copyOf(Objects.requireNonNull(comparisons, "comparisons"));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        String what = "stage " + stage.getIndex() + " (" + stage.getStage() + ")";
        if (stage.getStage().isEmpty()) {
            throw new IllegalArgumentException("stage " + stage.getIndex() + " has an empty name; expected e.g. sft, label, rm");
        }
        if (stage.getIndex() < 0) {
            throw new IllegalArgumentException(what + ": the index must be >= 0");
        }
        if (iteration < 0 || shard < 0) {
            throw new IllegalArgumentException(what + ": iteration and shard must be >= 0, got " + iteration + " and " + shard);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String name = models.get(i).getName();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(what + ": model " + i + " has an empty name; expected e.g. sft or rm/0");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(what + ": model name '" + name + "' appears twice; expected distinct names");
            }
        }
        if (metrics != null && metrics.getIteration() != iteration) {
            throw new IllegalArgumentException(what + ": its metrics line belongs to iteration " + metrics.getIteration()
                    + ", not " + iteration);
        }
        if (stage.getComparisons() != 0 && stage.getComparisons() != comparisons.size()) {
            throw new IllegalArgumentException(what + " says " + stage.getComparisons() + " comparisons but commits "
                    + comparisons.size());
        }
        if (stage.getModelsCount() != 0 && !stage.getModelsList().equals(modelNames(models))) {
            throw new IllegalArgumentException(what + " lists models " + stage.getModelsList() + " but commits "
                    + modelNames(models));
        }
        if (stage.getIteration() != 0 && stage.getIteration() != iteration) {
            throw new IllegalArgumentException(what + " says iteration " + stage.getIteration() + " but is committed under "
                    + iteration);
        }
    }

    /** The stage record as stored: the given one with its comparison count, model names and iteration filled in. */
    public StageRecord stored() {
        return stage.toBuilder().setComparisons(comparisons.size()).clearModels().addAllModels(modelNames(models))
                .setIteration(iteration).build();
    }

    private static List<String> modelNames(List<ModelRecord> models) {
        List<String> names = new ArrayList<>(models.size());
        for (ModelRecord model : models) {
            names.add(model.getName());
        }
        return names;
    }
}
