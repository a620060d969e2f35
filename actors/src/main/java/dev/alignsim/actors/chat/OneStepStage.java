package dev.alignsim.actors.chat;

import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ModelRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage that runs in one step and commits once: the metrics line (keyed as the stage's index) with what the step
 * produced, then a one-line summary on the console.
 */
abstract class OneStepStage implements Stage {
    /** What a step produced, to commit with its metrics. */
    record Output(List<Comparison> comparisons, List<ModelRecord> models) {}

    protected final StageContext context;

    OneStepStage(StageContext context) {
        this.context = context;
    }

    @Override
    public final Map<String, Object> run(int index) {
        long start = System.nanoTime();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iteration", (long) index);
        metrics.put("stage", name().configName());
        Output output = step(index, metrics);
        metrics.put("wall_s", (System.nanoTime() - start) / 1e9);
        StageRecorder.commit(context, name(), index, index, metrics, output.comparisons(), output.models());
        context.console().accept(summary(metrics));
        return metrics;
    }

    /** Does the stage's work, putting its metrics into {@code metrics}. */
    abstract Output step(int index, Map<String, Object> metrics);

    /** One line for the console. */
    abstract String summary(Map<String, Object> metrics);
}
