package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an iteration's time goes, from the phases every metrics line records: stacked per iteration, and as means
 * over every iteration but the first (which includes engine start and JIT warm-up), as {@code alignsim summary
 * --phases} and {@code --rlhf} compute them.
 */
final class TimingSection {
    private static final String[][] CONTROL = {{"perf/rollout_s", "acting (rollout)"}, {"perf/values_s", "valuing"}, {"perf/train_s", "training"}};
    private static final String[][] CHAT = {{"perf/generate_s", "generation"}, {"perf/score_s", "scoring"}, {"perf/train_s", "training"},
        {"perf/label_s", "labeling round"}, {"perf/previous_commit_s", "store commit (previous iteration's)"}};

    private TimingSection() {}

    static void write(Html html, RunData run) {
        List<JsonNode> lines = run.iterationLines();
        if (lines.isEmpty() || !lines.get(0).path("perf/train_s").isNumber()) {
            return;
        }
        String[][] phases = run.chat() ? CHAT : CONTROL;
        String xField = run.chat() ? ChatSections.X : "iteration";
        // Seconds of each phase and of the rest ("other"), per iteration, keyed by iteration (a repeated one keeps its last line).
        Map<Double, double[]> rows = new TreeMap<>();
        double previousWall = 0;
        for (JsonNode line : lines) {
            double[] row = new double[phases.length + 1];
            double measured = 0;
            for (int p = 0; p < phases.length; p++) {
                row[p] = line.path(phases[p][0]).asDouble(0);
                measured += row[p];
            }
            double wall = line.path("wall_s").asDouble(0);
            // A control world's wall_s counts from the run's start; ChatWorld's is the iteration's own without the commit,
            // which is CHAT's last phase.
            double total = run.chat() ? wall + row[phases.length - 1] : wall - previousWall;
            previousWall = wall;
            row[phases.length] = Math.max(0, total - measured);
            rows.put(line.path(xField).asDouble(), row);
        }
        List<Series> stacked = new ArrayList<>();
        double[] x = rows.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        List<double[]> values = new ArrayList<>(rows.values());
        for (int p = 0; p <= phases.length; p++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 1e3 * values.get(i)[p];
            }
            stacked.add(new Series(p < phases.length ? phases[p][1] : "other (messaging, bookkeeping)", x, y));
        }
        html.openSection("timing", "Where an iteration's time goes");
        html.figure(Figures.stacked(new Figures.Spec("figure-timing", "Time per iteration by phase", run.chat() ? ChatSections.X_LABEL : "iteration",
                "ms", run.chat() ? "Milliseconds per PPO iteration. Scoring runs the reference, reward model and critic in parallel and "
                        + "training the policy and critic in parallel, so each is the slower of its group."
                        : "Milliseconds per iteration: env runners acting, the critic valuing the batch, policy and critic training in "
                                + "parallel, and the rest (messaging, GAE, the store's commit)."), stacked));
        html.table(means(stacked, values.size()));
        html.closeSection();
    }


    private static Table means(List<Series> stacked, int iterations) {
        Table table = new Table("timing-table", "phase", "mean ms per iteration", "share");
        int from = iterations > 1 ? 1 : 0;
        double[] means = new double[stacked.size()];
        double total = 0;
        for (int p = 0; p < stacked.size(); p++) {
            double sum = 0;
            for (int i = from; i < iterations; i++) {
                sum += stacked.get(p).y()[i];
            }
            means[p] = sum / (iterations - from);
            total += means[p];
        }
        for (int p = 0; p < stacked.size(); p++) {
            table.row(Table.Cell.text(stacked.get(p).name()), Table.Cell.number(means[p]),
                    Table.Cell.text(String.format(Locale.ROOT, "%.1f%%", 100 * means[p] / total)));
        }
        table.row(Table.Cell.text("total"), Table.Cell.number(total), Table.Cell.text("100%"));
        return table;
    }
}
