package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import dev.alignsim.storage.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentDeterminismTest {
    private static final long STEPS = 8 * 32 * 12;

    private static List<String> run(Path dir, long seed) throws Exception {
        RunDirectory run = RunDirectory.createNew(dir);
        ExperimentRunner.start(ExperimentRunner.Run.of(Settings.fastCartPole(seed, STEPS, 2), Device.cpu(), run,
                ProgressListener.NONE), "test");
        return MetricsFiles.withoutTiming(run.metricsPath());
    }

    @Test
    void shouldWriteIdenticalMetricsWhenSeedIsTheSame(@TempDir Path dir) throws Exception {
        List<String> first = run(dir.resolve("a"), 3);
        List<String> second = run(dir.resolve("b"), 3);
        assertEquals(12, first.size());
        assertEquals(first, second);
    }

    @Test
    void shouldWriteDifferentMetricsWhenSeedDiffers(@TempDir Path dir) throws Exception {
        List<String> first = run(dir.resolve("a"), 3);
        List<String> other = run(dir.resolve("c"), 4);
        assertFalse(first.isEmpty());
        assertNotEquals(first, other);
    }
}
