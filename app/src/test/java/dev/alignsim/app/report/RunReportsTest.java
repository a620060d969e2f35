package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report {@code alignsim run} writes when it ends, on a tiny ChatWorld run of sft and label (a real store). */
class RunReportsTest {
    private static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label]", "device=cpu", "seed=1", "chat.world.topics=2",
            "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2", "chat.world.values=4",
            "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8", "chat.model.hidden=16",
            "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=2", "chat.sft.batch_size=10",
            "chat.label.prompts=40", "chat.label.k=3", "chat.eval.prompts=40");

    @TempDir
    static Path shared;
    private static Path run;
    private static ReportFixtures.Result result;

    @BeforeAll
    static void runTinyChatWorld() {
        run = shared.resolve("tiny");
        List<String> args = new ArrayList<>(List.of("run", "--no-progress", "--out", run.toString()));
        TINY.forEach(setting -> args.addAll(List.of("--set", setting)));
        result = ReportFixtures.execute(args.toArray(String[]::new));
    }

    @Test
    void shouldPrintTheReportPathLastWhenRunEnds() {
        List<String> lines = result.out().strip().lines().toList();

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("alignsim: report: " + run.resolve("report.html"), lines.get(lines.size() - 1));
    }

    @Test
    void shouldShowAStoredRankingWithItsGoldWhenRunHasLabeled() throws IOException {
        Document report = Jsoup.parse(run.resolve("report.html").toFile(), "UTF-8");
        List<List<Double>> storedRankings = new ArrayList<>();
        try (RunStore store = RunStore.open(run, false, StoreOptions.defaults())) {
            for (Comparison c : store.comparisons().range(1, 1)) {
                storedRankings.add(c.getRankingList().stream().map(i -> c.getResponses(i).getGold().getTotal()).toList());
            }
        }
        List<Double> shown = new ArrayList<>();
        for (int row = 0; row < report.select("table#transcript-0 tbody tr").size(); row++) {
            shown.add(ReportFixtures.cell(report, "transcript-0", row, 2));
        }

        assertTrue(storedRankings.contains(shown), "gold of the answers shown, best first: " + shown);
    }

    @Test
    void shouldShowTokensByNameWhenRunSettingsAreThisVersions() throws IOException {
        Document report = Jsoup.parse(run.resolve("report.html").toFile(), "UTF-8");

        assertTrue(report.select("section#transcripts").text().contains("<eos>"), report.select("section#transcripts").text());
    }
}
