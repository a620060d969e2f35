package dev.alignsim.actors.chat;

import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.StageCommit;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import java.util.List;
import java.util.Map;

/** Commits a finished stage in one write batch (its outputs, its metrics line, its record) and appends its metrics line. */
public final class StageRecorder {
    private StageRecorder() {}

    /**
     * @param index the stage's position in the pipeline
     * @param iteration the store iteration its metrics line is keyed as
     */
    public static void commit(StageContext context, StageName stage, int index, long iteration, Map<String, Object> metrics,
            List<Comparison> comparisons, List<ModelRecord> models) {
        String json = MetricsLog.format(metrics);
        StageRecord record = StageRecord.newBuilder().setStage(stage.configName()).setIndex(index).setSummaryJson(json).build();
        context.store().commitStage(new StageCommit(record, iteration, 0, comparisons, models,
                MetricsLine.newBuilder().setIteration(iteration).setJson(json).build()));
        try (MetricsLog log = context.directory().openMetrics()) {
            log.appendLine(json);
        }
    }
}
