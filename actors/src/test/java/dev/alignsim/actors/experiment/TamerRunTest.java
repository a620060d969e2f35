package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamerRunTest {
    /** CartPole's true return under uniformly random actions is about 22 (Gymnasium's reference). */
    private static final double RANDOM_POLICY_RETURN = 22;

    @Test
    void shouldRaiseTheTrueReturnWellAboveARandomPolicyWhenRunInTamerMode(@TempDir Path dir) throws IOException {
        RunSummary summary = run(dir.resolve("run"));
        List<JsonNode> lines = lines(dir.resolve("run"));
        JsonNode last = lines.get(lines.size() - 1);

        assertTrue(summary.envSteps() >= 4000, "steps: " + summary.envSteps());
        assertEquals(summary.envSteps(), last.get("feedback/judgements").asLong(), "one judgement per step");
        assertEquals(lines.size(), last.get("episodes").asInt(), "an episode an iteration");
        double lastTenEpisodes = lines.subList(lines.size() - 10, lines.size()).stream()
                .mapToDouble(line -> line.get("episode/true_return").asDouble()).average().orElseThrow();
        assertTrue(lastTenEpisodes > 5 * RANDOM_POLICY_RETURN, "true return of the last 10 episodes: " + lastTenEpisodes);
    }

    @Test
    void shouldWriteTheSameMetricsWhenRunTwiceWithTheSameSeed(@TempDir Path dir) throws IOException {
        run(dir.resolve("a"));
        run(dir.resolve("b"));

        assertEquals(MetricsFiles.withoutTiming(dir.resolve("a").resolve("metrics.jsonl")),
                MetricsFiles.withoutTiming(dir.resolve("b").resolve("metrics.jsonl")));
    }

    private static RunSummary run(Path dir) {
        return ExperimentRunner.start(ExperimentRunner.Run.of(Settings.tamerCartPole(1, 4000), Device.cpu(), RunDirectory.createNew(dir),
                ProgressListener.NONE), "test");
    }

    private static List<JsonNode> lines(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            out.add(json.readTree(line));
        }
        return out;
    }
}
