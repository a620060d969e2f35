package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.sweep.Sweep;
import dev.alignsim.app.sweep.SweepFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alignsim summary ROOT} over a sweep: seeds pooled per setting, Student's t intervals. */
class SweepSummaryTest {
    @TempDir
    Path dir;

    /** A sweep of two learning rates x two seeds whose runs are the control fixture with chosen returns. */
    private Path sweep(double[][] returns) throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"CartPole-v1\"\n");
        Files.writeString(dir.resolve("sweep.conf"), "base = \"base.conf\"\ngrid { \"ppo.learning_rate\" = [0.001, 0.002] }\nseeds = [1, 2]\n");
        Path root = dir.resolve("root");
        Sweep sweep = Sweep.prepare(SweepFile.read(dir.resolve("sweep.conf")), root);
        for (int i = 0; i < 4; i++) {
            var experiment = sweep.experiments().get(i);
            Path run = ReportFixtures.copy(ReportFixtures.CONTROL, sweep.run(experiment.name()).getParent(), experiment.name());
            ReportFixtures.editConfig(run, "seed=1", "seed=" + experiment.seed());
            ReportFixtures.editConfig(run, "\"learning_rate\"=2.5E-4", "\"learning_rate\"=" + experiment.settings().get("ppo.learning_rate"));
            double best = returns[i][0];
            double last = returns[i][1];
            long lines = ReportFixtures.lines(run).size();
            ReportFixtures.editLines(run, line -> line.put("episode_return_mean", line.get("iteration").asLong() == lines ? last
                    : line.get("iteration").asLong() == 2 ? best : Math.min(best, last) - 1));
        }
        return root;
    }

    @Test
    void shouldPrintMeanAndStudentIntervalPerSettingWhenGivenASweepRoot() throws Exception {
        Path root = sweep(new double[][] {{50, 10}, {60, 20}, {100, 100}, {100, 100}});
        ReportFixtures.Result result = ReportFixtures.execute("summary", root.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        // seeds 10 and 20: mean 15, sd 7.071, t(0.975, 1) = 12.706: half-width 63.531; best 50 and 60: 55 the same.
        assertEquals("| ppo.learning_rate=0.001 | 2 | 15.000 ± 63.531 | 55.000 ± 63.531 |", lines.get(2), result.out());
        assertEquals("| ppo.learning_rate=0.002 | 2 | 100.000 ± 0.000 | 100.000 ± 0.000 |", lines.get(3), result.out());
    }

    @Test
    void shouldCountExperimentsNotStartedWhenTheSweepIsUnfinished() throws Exception {
        Path root = sweep(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}});
        ReportFixtures.Result before = ReportFixtures.execute("summary", root.toString());
        Sweep sweep = Sweep.open(root);
        Path gone = sweep.run(sweep.experiments().get(3).name());
        Files.delete(gone.resolve("metrics.jsonl"));
        ReportFixtures.Result result = ReportFixtures.execute("summary", root.toString());
        assertTrue(result.out().contains("1 of 4 experiments have not started."), result.out() + before.out());
    }

    @Test
    void shouldPoolUnseenGoldAndBestIterationGoldWhenTheSweepIsOfChatWorld() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"ChatWorld\"\n");
        Files.writeString(dir.resolve("sweep.conf"), "base = \"base.conf\"\nseeds = [1, 2, 3]\n");
        Path root = dir.resolve("root");
        Sweep sweep = Sweep.prepare(SweepFile.read(dir.resolve("sweep.conf")), root);
        for (int i = 0; i < 3; i++) {
            var experiment = sweep.experiments().get(i);
            Path run = ReportFixtures.copy(ReportFixtures.CHAT, sweep.run(experiment.name()).getParent(), experiment.name());
            ReportFixtures.editConfig(run, "seed=1", "seed=" + experiment.seed());
            double unseen = 0.1 * (i + 1);
            double best = 0.5 + 0.1 * i;
            ReportFixtures.editLines(run, line -> {
                if ("ppo-eval".equals(line.path("stage").asText())) {
                    line.put("final/gold_unseen", unseen);
                } else if (line.has("ppo/iteration")) {
                    line.put("objective/gold", line.get("ppo/iteration").asLong() == 7 ? best : best - 0.3);
                }
                return line;
            });
        }
        ReportFixtures.Result result = ReportFixtures.execute("summary", root.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("| settings | seeds | final gold (unseen prompts) | best iteration gold |", lines.get(0));
        // 0.1, 0.2, 0.3: sd 0.1, t(0.975, 2) = 4.303: half-width 0.248; best 0.5, 0.6, 0.7 the same.
        assertEquals("| ChatWorld | 3 | 0.200 ± 0.248 | 0.600 ± 0.248 |", lines.get(2), result.out());
    }
}
