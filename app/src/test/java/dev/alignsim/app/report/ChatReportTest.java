package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.policy.eval.GaoFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a finished 20-iteration ChatWorld run (no store: transcripts are RunReportsTest's). */
class ChatReportTest {
    @TempDir
    static Path shared;
    private static Path run;
    private static Document report;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeReport() {
        run = ReportFixtures.copy(ReportFixtures.CHAT, shared, "chat");
        report = ReportFixtures.report(shared.resolve("report.html"), run);
    }

    @Test
    void shouldHaveEveryChatWorldSectionWhenRunIsChatWorld() {
        for (String id : List.of("settings", "pipeline", "gold-proxy-kl", "gold-vs-kl", "gold-by-kind", "reward-model", "response-length",
                "ppo-health", "timing", "not-shown")) {
            assertEquals(1, report.select("section#" + id).size(), "section " + id);
        }
    }

    @Test
    void shouldEmbedEveryFigureAsDrawnSvgWhenReportIsWritten() {
        List<Element> figures = report.select("figure");
        assertEquals(7, figures.size(), "figures");
        for (Element figure : figures) {
            Element svg = figure.selectFirst("svg");
            assertTrue(svg != null && svg.hasAttr("viewbox"), figure.id() + " holds an SVG that scales with its view box");
            assertTrue(svg.select("path").size() >= 2, figure.id() + " draws axes and curves");
        }
    }

    @Test
    void shouldGiveEveryElementAnIdOfItsOwnWhenFiguresShareThePage() {
        List<String> ids = report.select("[id]").eachAttr("id");

        assertEquals(ids.size(), Set.copyOf(ids).size(), "duplicate ids: " + ids);
    }

    @Test
    void shouldNeedNoNetworkWhenOpened() {
        String external = "[src^=http], [href^=http], link[href], script[src]";

        assertTrue(report.select(external).isEmpty(), report.select(external).toString());
    }

    @Test
    void shouldShowLastIterationsGoldProxyAndKlWhenRunHasPpoIterations() {
        List<JsonNode> ppo = ReportFixtures.ppoLines(run);
        JsonNode last = ppo.get(ppo.size() - 1);

        assertEquals(last.get("ppo/iteration").asDouble(), ReportFixtures.cell(report, "gold-proxy-kl-last", 0, 0));
        assertEquals(last.get("objective/gold").asDouble(), ReportFixtures.cell(report, "gold-proxy-kl-last", 0, 1));
        assertEquals(last.get("objective/proxy").asDouble(), ReportFixtures.cell(report, "gold-proxy-kl-last", 0, 2));
        assertEquals(last.get("objective/kl").asDouble(), ReportFixtures.cell(report, "gold-proxy-kl-last", 0, 3));
    }

    @Test
    void shouldShowStageMetricsWhenStagesHaveFinished() {
        JsonNode sft = ReportFixtures.lines(run).get(0);

        assertEquals("sft/gold", ReportFixtures.text(report, "pipeline-table", 1, 1));
        assertEquals(sft.get("sft/gold").asDouble(), ReportFixtures.cell(report, "pipeline-table", 1, 2));
    }

    @Test
    void shouldShowTheProxyOfBothRewardModelsWhenPpoEvalLineHoldsThem() {
        Path both = ReportFixtures.copy(ReportFixtures.CHAT, dir, "both-proxies");
        ReportFixtures.editLines(both, line -> "ppo-eval".equals(line.path("stage").asText())
                ? line.put("reference/proxy_frozen", -0.125).put("final/proxy_frozen", 0.375) : line);
        JsonNode eval = ReportFixtures.lines(both).get(ReportFixtures.lines(both).size() - 1);

        Document bothReport = ReportFixtures.report(dir.resolve("report.html"), both);

        Map<String, Double> shown = new HashMap<>();
        for (Element row : bothReport.select("table#pipeline-table tbody tr")) {
            if (row.select("td").get(0).text().equals("ppo-eval")) {
                shown.put(row.select("td").get(1).text(), Double.parseDouble(row.select("td").get(2).attr("data-value")));
            }
        }
        assertEquals(eval.get("reference/proxy").asDouble(), shown.get("reference/proxy"));
        assertEquals(eval.get("final/proxy").asDouble(), shown.get("final/proxy"));
        assertEquals(-0.125, shown.get("reference/proxy_frozen"));
        assertEquals(0.375, shown.get("final/proxy_frozen"));
    }

    @Test
    void shouldShowHeldOutGoldPerKindWhenPpoEvalLineIsPresent() {
        List<JsonNode> lines = ReportFixtures.lines(run);
        JsonNode eval = lines.get(lines.size() - 1);

        assertEquals("task", ReportFixtures.text(report, "ppo-eval-by-kind", 0, 0));
        assertEquals(eval.get("reference/gold/task").asDouble(), ReportFixtures.cell(report, "ppo-eval-by-kind", 0, 1));
        assertEquals(eval.get("final/gold/task").asDouble(), ReportFixtures.cell(report, "ppo-eval-by-kind", 0, 2));
    }

    @Test
    void shouldShowGaoFitOfWindowedGoldWhenRunHasPpoIterations() {
        List<JsonNode> ppo = ReportFixtures.ppoLines(run);
        int window = 2; // 20 iterations: a tenth of them per window
        double gold0 = ppo.get(0).get("objective/gold").asDouble();
        List<Double> d = new ArrayList<>();
        List<Double> gain = new ArrayList<>();
        for (int start = 0; start < ppo.size(); start += window) {
            double kl = (ppo.get(start).get("objective/kl").asDouble() + ppo.get(start + 1).get("objective/kl").asDouble()) / 2;
            double gold = (ppo.get(start).get("objective/gold").asDouble() + ppo.get(start + 1).get("objective/gold").asDouble()) / 2;
            if (kl > 0) {
                d.add(Math.sqrt(kl));
                gain.add(gold - gold0);
            }
        }
        GaoFit.Fit fit = GaoFit.fit(d.stream().mapToDouble(Double::doubleValue).toArray(), gain.stream().mapToDouble(Double::doubleValue).toArray());

        assertEquals(fit.alpha(), ReportFixtures.cell(report, "gao-fit", 0, 0), 1e-12);
        assertEquals(fit.beta(), ReportFixtures.cell(report, "gao-fit", 0, 1), 1e-12);
    }

    @Test
    void shouldShowRewardModelAccuracyPerLabelingRoundWhenRunLabelsDuringPpo() {
        List<JsonNode> rounds = ReportFixtures.ppoLines(run).stream().filter(n -> n.has("rm/accuracy_heldout")).toList();

        assertEquals(rounds.size(), report.select("table#labeling-rounds tbody tr").size());
        assertEquals(rounds.get(1).get("rm/accuracy_gold").asDouble(), ReportFixtures.cell(report, "labeling-rounds", 1, 2));
        assertEquals(rounds.get(1).get("labelers/agreement").asDouble(), ReportFixtures.cell(report, "labeling-rounds", 1, 3));
    }

    @Test
    void shouldShowStagesAndTheLastLabelingRoundFirstWhenRunLabelsDuringPpo() {
        List<JsonNode> rounds = ReportFixtures.ppoLines(run).stream().filter(n -> n.has("rm/accuracy_heldout")).toList();
        JsonNode rm = ReportFixtures.lines(run).get(2);

        assertEquals(3, report.select("table#reward-model-table tbody tr").size());
        assertEquals(rm.get("rm/accuracy_heldout").asDouble(), ReportFixtures.cell(report, "reward-model-table", 1, 1));
        assertEquals(rounds.get(rounds.size() - 1).get("rm/accuracy_heldout").asDouble(), ReportFixtures.cell(report, "reward-model-table", 2, 1));
    }

    @Test
    void shouldNameSafetyAmongWhatIsNotShownWhenMetricsHoldNoSafetyFields() {
        assertTrue(report.select("section#safety").isEmpty());
        assertTrue(report.select("section#not-shown").text().contains("Safety rates and F1"), report.select("section#not-shown").text());
    }

    @Test
    void shouldDrawSafetyWhenMetricsHoldSafetyFields() {
        Path withSafety = ReportFixtures.copy(ReportFixtures.CHAT, dir, "safety");
        ReportFixtures.editLines(withSafety, line -> "ppo".equals(line.path("stage").asText()) ? line.put("safety/f1", 0.9) : line);

        Document withSafetyReport = ReportFixtures.report(dir.resolve("report.html"), withSafety);

        assertEquals(1, withSafetyReport.select("section#safety figure svg").size());
        assertFalse(withSafetyReport.select("section#not-shown").text().contains("Safety rates"));
    }

    @Test
    void shouldTableTheReferenceAgainstTheFinalPolicyWhenTheEvalLineHoldsSafety() {
        Path withSafety = ReportFixtures.copy(ReportFixtures.CHAT, dir, "safety-eval");
        ReportFixtures.editLines(withSafety, line -> switch (line.path("stage").asText()) {
            case "ppo" -> line.put("safety/f1", 0.9);
            case "ppo-eval" -> line.put("reference/safety/f1_unseen", 0.5).put("final/safety/f1_unseen", 0.75);
            default -> line;
        });

        Document withSafetyReport = ReportFixtures.report(dir.resolve("report.html"), withSafety);

        String table = withSafetyReport.select("section#safety table").text();
        assertTrue(table.contains("safety/f1_unseen") && table.contains("0.5") && table.contains("0.75"), table);
    }

    @Test
    void shouldDrawTheRuleRewardWhenTheRunHadOne() {
        Path withRules = ReportFixtures.copy(ReportFixtures.CHAT, dir, "rules");
        ReportFixtures.editLines(withRules, line -> "ppo".equals(line.path("stage").asText())
                ? line.put("safety/f1", 0.9).put("objective/rule", 0.4).put("rules/classifier_accuracy", 0.92) : line);

        Document withRulesReport = ReportFixtures.report(dir.resolve("report.html"), withRules);

        assertEquals(2, withRulesReport.select("section#safety figure svg").size());
    }

    @Test
    void shouldSayHowFarRunHasGotWhenItIsStillGoing() {
        Path live = ReportFixtures.copy(ReportFixtures.CHAT, dir, "live");
        List<String> lines = ReportFixtures.lines(live).stream().map(JsonNode::toString).toList();
        // Fifteen of twenty PPO iterations, and half of the sixteenth being written.
        String text = String.join("\n", lines.subList(0, 3 + 15)) + "\n" + lines.get(18).substring(0, 40);
        ReportFixtures.write(live.resolve("metrics.jsonl"), text);

        Document liveReport = ReportFixtures.report(dir.resolve("report.html"), live);

        String state = ReportFixtures.text(liveReport, "provenance", 3, 1);
        assertTrue(state.startsWith("in progress or stopped: 15 of 20 PPO iterations"), state);
        assertTrue(state.contains("still being written"), state);
    }

    @Test
    void shouldShowTheSeedAndTheSettingsFileWhenReportIsWritten() {
        assertEquals("1", ReportFixtures.text(report, "provenance", 2, 1));
        assertTrue(ReportFixtures.text(report, "provenance", 5, 1).contains("--config " + run.resolve("config.conf")));
        assertTrue(report.select("table#all-settings").text().contains("chat.ppo.kl_coef 0.05"));
    }
}
