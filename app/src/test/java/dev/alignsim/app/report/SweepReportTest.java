package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of five ChatWorld runs: seeds 1, 2, 3 at kl_coef 0.05 and seeds 1, 2 at kl_coef 0.2 (copies of one run
 * whose seed and kl_coef are rewritten, and whose held-out final gold is shifted by a tenth per seed).
 */
class SweepReportTest {
    /** Student's t at 97.5% with 2 degrees of freedom. */
    private static final double T_2 = 4.302652729911275;

    @TempDir
    static Path shared;
    private static double finalGold;
    private static Document report;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeReport() {
        List<Path> runs = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            runs.add(run(shared, "beta005-seed" + seed, seed, "0.05"));
        }
        for (int seed = 1; seed <= 2; seed++) {
            runs.add(run(shared, "beta02-seed" + seed, seed, "0.2"));
        }
        List<JsonNode> lines = ReportFixtures.lines(ReportFixtures.copy(ReportFixtures.CHAT, shared, "original"));
        finalGold = lines.get(lines.size() - 1).get("final/gold").asDouble();
        report = ReportFixtures.report(shared.resolve("report.html"), runs.toArray(Path[]::new));
    }

    private static Path run(Path parent, String name, int seed, String klCoef) {
        Path run = ReportFixtures.copy(ReportFixtures.CHAT, parent, name);
        ReportFixtures.editConfig(run, "seed=1", "seed=" + seed);
        ReportFixtures.editConfig(run, "\"kl_coef\"=0.05", "\"kl_coef\"=" + klCoef);
        ReportFixtures.editLines(run, line -> line.has("final/gold") ? line.put("final/gold", line.get("final/gold").asDouble() + 0.1 * seed)
                : line);
        return run;
    }

    @Test
    void shouldHaveEverySweepSectionWhenSeveralRunsAreGiven() {
        for (String id : List.of("runs", "comparison", "curves", "frontier", "not-shown")) {
            assertEquals(1, report.select("section#" + id).size(), "section " + id);
        }
    }

    @Test
    void shouldGroupRunsBySettingsApartFromSeedWhenSeveralRunsAreGiven() {
        assertEquals(2, report.select("table#comparison-table tbody tr").size());
        assertEquals("chat.ppo.kl_coef=0.05", ReportFixtures.text(report, "comparison-table", 0, 0));
        assertEquals(3, ReportFixtures.cell(report, "comparison-table", 0, 1));
        assertEquals("chat.ppo.kl_coef=0.2", ReportFixtures.text(report, "comparison-table", 1, 0));
        assertEquals(2, ReportFixtures.cell(report, "comparison-table", 1, 1));
    }

    @Test
    void shouldShowMeanFinalGoldWithStudentIntervalWhenGroupHasThreeSeeds() {
        double mean = finalGold + 0.2;
        double halfWidth = T_2 * 0.1 / Math.sqrt(3);

        assertEquals(mean, ReportFixtures.cell(report, "comparison-table", 0, 2), 1e-12);
        assertEquals(Numbers.format(mean) + " ± " + Numbers.format(halfWidth), ReportFixtures.text(report, "comparison-table", 0, 2));
    }

    @Test
    void shouldDrawMeanCurvesWithBandsWhenSeveralRunsAreGiven() {
        for (String id : List.of("figure-sweep-gold", "figure-sweep-proxy", "figure-sweep-kl", "figure-frontier")) {
            assertEquals(1, report.select("figure#" + id + " svg").size(), id);
        }
    }

    @Test
    void shouldLeaveOutFrontierWhenRunsShareTheirSettings() {
        Document seedsOnly = ReportFixtures.report(dir.resolve("report.html"), run(dir, "a", 1, "0.05"), run(dir, "b", 2, "0.05"));

        assertTrue(seedsOnly.select("section#frontier").isEmpty());
        assertTrue(seedsOnly.select("section#not-shown").text().contains("Gold against √KL across methods"));
    }

    @Test
    void shouldExitTwoNamingBothRunsWhenChatAndControlRunsAreMixed() {
        Path chat = ReportFixtures.copy(ReportFixtures.CHAT, dir, "chat");
        Path control = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "control");

        String out = dir.resolve("r.html").toString();

        ReportFixtures.Result result = ReportFixtures.execute("report", chat.toString(), control.toString(), "--out", out);

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(chat.toString()) && result.err().contains(control.toString()), result.err());
    }
}
