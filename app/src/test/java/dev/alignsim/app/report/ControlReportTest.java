package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a finished 20,000-step CartPole run. */
class ControlReportTest {
    @TempDir
    static Path shared;
    private static Path run;
    private static Document report;

    @BeforeAll
    static void writeReport() {
        run = ReportFixtures.copy(ReportFixtures.CONTROL, shared, "cartpole");
        report = ReportFixtures.report(shared.resolve("report.html"), run);
    }

    @Test
    void shouldHaveEveryControlWorldSectionWhenRunIsControlWorld() {
        for (String id : List.of("settings", "results", "throughput", "ppo-health", "timing", "not-shown")) {
            assertEquals(1, report.select("section#" + id).size(), "section " + id);
        }
        assertTrue(report.select("section#gold-proxy-kl, section#reward-model, section#transcripts").isEmpty());
    }

    @Test
    void shouldEmbedReturnThroughputHealthAndTimingFiguresWhenRunIsControlWorld() {
        for (String id : List.of("figure-episode-return", "figure-throughput", "figure-ppo-health", "figure-timing")) {
            assertEquals(1, report.select("figure#" + id + " svg").size(), id);
        }
    }

    @Test
    void shouldShowFinalEpisodeReturnWhenRunIsControlWorld() {
        List<JsonNode> lines = ReportFixtures.lines(run);
        JsonNode last = lines.get(lines.size() - 1);

        assertEquals(last.get("iteration").asDouble(), ReportFixtures.cell(report, "results-table", 0, 0));
        assertEquals(last.get("env_steps").asDouble(), ReportFixtures.cell(report, "results-table", 0, 1));
        assertEquals(last.get("episode_return_mean").asDouble(), ReportFixtures.cell(report, "results-table", 0, 3));
    }

    @Test
    void shouldShowLastPpoHealthWhenRunIsControlWorld() {
        List<JsonNode> lines = ReportFixtures.lines(run);
        JsonNode last = lines.get(lines.size() - 1);

        assertEquals(last.get("policy/approx_kl").asDouble(), ReportFixtures.cell(report, "ppo-health-last", 0, 1));
        assertEquals(last.get("value/explained_variance").asDouble(), ReportFixtures.cell(report, "ppo-health-last", 0, 3));
    }

    @Test
    void shouldShowMeanPhaseTimesOverIterationsButTheFirstWhenLinesRecordPhases() {
        List<JsonNode> lines = ReportFixtures.lines(run);
        double rollout = lines.subList(1, lines.size()).stream().mapToDouble(n -> n.get("perf/rollout_s").asDouble()).average().orElseThrow();
        double wall = lines.get(lines.size() - 1).get("wall_s").asDouble() - lines.get(0).get("wall_s").asDouble();

        assertEquals(1e3 * rollout, ReportFixtures.cell(report, "timing-table", 0, 1), 1e-9);
        assertEquals(1e3 * wall / (lines.size() - 1), ReportFixtures.cell(report, "timing-table", 4, 1), 1e-6);
    }
}
