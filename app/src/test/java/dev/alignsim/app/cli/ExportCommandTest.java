package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.app.Main;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alignsim export --kind checkpoints}: one row per checkpoint the store still holds, read through the store. */
class ExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Checkpoint checkpoint(long iteration) {
        return Checkpoint.newBuilder().setIteration(iteration).setEpisodesTotal(iteration * 2)
                .setPolicy(LearnerState.newBuilder().setVersion(iteration).setAdamStep(iteration * 3))
                .setCritic(LearnerState.newBuilder().setAdamStep(iteration * 4)).build();
    }

    @Test
    void shouldExportEachStoredCheckpointWithItsSizeWhenKindIsCheckpoints() throws Exception {
        Path run = dir.resolve("run");
        try (RunStore store = RunStore.create(run, "cartpole", StoreOptions.defaults())) {
            for (long i = 1; i <= 6; i++) {
                MetricsLine line = MetricsLine.newBuilder().setIteration(i).setJson("{}").build();
                store.commit(new RunStore.IterationRecords(i, List.of(), line, i % 2 == 0 ? checkpoint(i) : null, false), 0);
            }
        }
        Path out = dir.resolve("checkpoints.jsonl");

        assertEquals(0, Main.execute("export", run.toString(), "--kind", "checkpoints", "--out", out.toString()));

        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode row = JSON.readTree(line);
            rows.add(row.get("iteration").asLong() + ":" + row.get("bytes").asInt() + ":" + row.get("critic_adam_step").asLong());
        }
        // Checkpoints older than the previous one are deleted when a new one commits: 4 and 6 remain.
        assertEquals(List.of("4:" + checkpoint(4).getSerializedSize() + ":16", "6:" + checkpoint(6).getSerializedSize() + ":24"), rows);
    }
}
