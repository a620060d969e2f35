package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.app.sweep.Experiment;
import dev.alignsim.app.sweep.Sweep;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code alignsim summary ROOT} of a sweep: one Markdown row per setting, its seeds pooled, the mean across seeds
 * and the half-width of its 95% interval (Student's t) of the final and the best figure. Control worlds: episode
 * return (the last iteration's; the best iteration's). ChatWorld: gold on unseen prompts of the closing evaluation
 * line, and the best PPO iteration's gold.
 */
public final class SweepSummary {
    private SweepSummary() {}

    /** The table's lines, header first. */
    public static List<String> table(Sweep sweep) {
        List<RunData> runs = new ArrayList<>();
        int notStarted = 0;
        for (Experiment experiment : sweep.experiments()) {
            java.nio.file.Path dir = sweep.run(experiment.name());
            if (Files.isRegularFile(dir.resolve("metrics.jsonl")) && Files.isRegularFile(dir.resolve("config.conf"))) {
                runs.add(RunReader.read(dir));
            } else {
                notStarted++;
            }
        }
        boolean chat = !runs.isEmpty() && runs.stream().allMatch(RunData::chat);
        List<String> lines = new ArrayList<>();
        lines.add(chat ? "| settings | seeds | final gold (unseen prompts) | best iteration gold |"
                : "| settings | seeds | final episode return | best episode return |");
        lines.add("|---|---|---|---|");
        for (SeedGroups.Group group : SeedGroups.of(runs)) {
            long complete = group.runs().stream().filter(RunData::complete).count();
            String seeds = complete == group.runs().size() ? String.valueOf(complete) : group.runs().size() + " (" + complete + " complete)";
            lines.add("| " + group.label() + " | " + seeds + " | " + interval(group, chat ? SweepSummary::finalGold : SweepSummary::finalReturn)
                    + " | " + interval(group, chat ? SweepSummary::bestGold : SweepSummary::bestReturn) + " |");
        }
        if (notStarted > 0) {
            lines.add("");
            lines.add(notStarted + " of " + sweep.experiments().size() + " experiments have not started.");
        }
        return lines;
    }

    private static String interval(SeedGroups.Group group, ToDoubleFunction<RunData> value) {
        SeedStatistics.Estimate e = SeedStatistics.estimate(group.runs().stream().mapToDouble(value).toArray());
        if (Double.isNaN(e.mean())) {
            return "-";
        }
        return Double.isNaN(e.halfWidth()) ? String.format(Locale.ROOT, "%.3f (one seed)", e.mean())
                : String.format(Locale.ROOT, "%.3f ± %.3f", e.mean(), e.halfWidth());
    }

    private static double finalReturn(RunData run) {
        List<JsonNode> lines = run.iterationLines();
        return lines.isEmpty() ? Double.NaN : RunData.value(lines.get(lines.size() - 1), "episode_return_mean");
    }

    private static double bestReturn(RunData run) {
        return best(run.iterationLines(), "episode_return_mean");
    }

    private static double finalGold(RunData run) {
        return run.evalLine().map(n -> RunData.value(n, "final/gold_unseen")).orElse(Double.NaN);
    }

    private static double bestGold(RunData run) {
        return best(run.ppoLines(), "objective/gold");
    }

    private static double best(List<JsonNode> lines, String field) {
        return lines.stream().mapToDouble(n -> RunData.value(n, field)).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
