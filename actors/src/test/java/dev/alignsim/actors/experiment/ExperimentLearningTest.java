package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.storage.RunDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLearningTest {

    @Test
    void shouldReachReturn150WhenTrainingCartPoleFor50kSteps(@TempDir Path dir) {
        RunSummary summary = ExperimentRunner.start(ExperimentRunner.Run.of(Settings.fastCartPole(1, 50_000, 2), Device.cpu(),
                RunDirectory.createNew(dir.resolve("run")), ProgressListener.NONE), "test");
        assertTrue(summary.finalEpisodeReturnMean() >= 150, "mean return of the last 100 episodes: " + summary.finalEpisodeReturnMean());
    }
}
