package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.policy.eval.GaoFit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Several runs: which runs, a comparison table per group of settings (means across seeds with 95% intervals), mean
 * curves with 95% bands, and for ChatWorld groups that differ in settings, gold against √KL for each.
 */
final class SweepSections {
    private SweepSections() {}

    static void runs(Html html, List<SeedGroups.Group> groups, ReportInfo info) {
        html.openSection("runs", "Runs");
        Table table = new Table("runs-table", "run", "settings", "seed", "state", "directory");
        for (SeedGroups.Group group : groups) {
            for (RunData run : group.runs()) {
                table.row(Table.Cell.text(run.name()), Table.Cell.text(group.label()), Table.Cell.text(run.seed()),
                        Table.Cell.text(SettingsSection.state(run)), Table.Cell.text(run.dir().toAbsolutePath().normalize().toString()));
            }
        }
        html.table(table);
        html.note("Runs are grouped by every setting but the seed (and but device, threads, progress, store and actor tuning). "
                + "Numbers come from each run's metrics.jsonl and config.conf. Report written by " + info.describe() + ".");
        html.closeSection();
    }

    static void comparison(Html html, List<SeedGroups.Group> groups, boolean chat) {
        html.openSection("comparison", "Comparison");
        Table table = chat ? new Table("comparison-table", "settings", "seeds", "final gold (held-out)", "gold gain over reference",
                "final proxy (held-out)", "KL (last window)", "RM accuracy (held-out)")
                : new Table("comparison-table", "settings", "seeds", "final episode return", "environment steps", "steps/s since start");
        for (SeedGroups.Group group : groups) {
            int seeds = group.runs().size();
            long complete = group.runs().stream().filter(RunData::complete).count();
            Table.Cell seedCell = new Table.Cell(complete == seeds ? String.valueOf(seeds) : seeds + " (" + complete + " complete)", seeds);
            List<Table.Cell> cells = new ArrayList<>(List.of(Table.Cell.text(group.label()), seedCell));
            if (chat) {
                cells.add(interval(group, run -> eval(run, "final/gold")));
                cells.add(interval(group, run -> eval(run, "final/gold") - eval(run, "reference/gold")));
                cells.add(interval(group, run -> eval(run, "final/proxy")));
                cells.add(interval(group, SweepSections::lastWindowKl));
                cells.add(interval(group, run -> run.stageLine("rm").map(n -> RunData.value(n, "rm/accuracy_heldout")).orElse(Double.NaN)));
            } else {
                cells.add(interval(group, run -> last(run, "episode_return_mean")));
                cells.add(interval(group, run -> last(run, ControlSections.X)));
                cells.add(interval(group, run -> last(run, "perf/steps_per_s")));
            }
            table.row(cells.toArray(Table.Cell[]::new));
        }
        html.table(table);
        html.note("Mean across the seeds that have written the value ± the half-width of its 95% interval (Student's t); a dash "
                + "where none has" + (chat ? " (held-out gold and proxy are written when the ppo stage ends)." : "."));
        html.closeSection();
    }

    static void curves(Html html, List<SeedGroups.Group> groups, boolean chat) {
        html.openSection("curves", "Mean curves across seeds");
        if (chat) {
            bandFigure(html, groups, "figure-sweep-gold", "Gold", "gold", "objective/gold");
            bandFigure(html, groups, "figure-sweep-proxy", "Proxy", "proxy", "objective/proxy");
            bandFigure(html, groups, "figure-sweep-kl", "KL to the reference", "KL", "objective/kl");
        } else {
            bandFigure(html, groups, "figure-sweep-return", "Episode return", "return", "episode_return_mean");
        }
        html.closeSection();
    }

    /** Gold gain against √KL per group, every seed's windows pooled, with each group's Gao fit. */
    static void frontier(Html html, List<SeedGroups.Group> groups, List<String> notShown) {
        if (groups.size() < 2) {
            notShown.add("Gold against √KL across methods: the runs share their settings; it is drawn when ChatWorld runs differ in "
                    + "settings (kl_coef, adaptive KL, labelers, ...).");
            return;
        }
        List<Series> points = new ArrayList<>();
        List<Series> curves = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SeedGroups.Group group : groups) {
            List<GoldKlCurve.Point> pooled = new ArrayList<>();
            group.runs().forEach(run -> pooled.addAll(GoldKlCurve.pointsOf(run)));
            points.add(new Series(group.label(), pooled.stream().mapToDouble(GoldKlCurve.Point::d).toArray(),
                    pooled.stream().mapToDouble(GoldKlCurve.Point::goldGain).toArray()));
            double maxD = pooled.stream().mapToDouble(GoldKlCurve.Point::d).max().orElse(0);
            boolean bestOfN = group.runs().get(0).method().filter(m -> m == StageName.BON).isPresent();
            try {
                List<GoldKlCurve.Point> positive = pooled.stream().filter(p -> p.d() > 0).toList();
                if (bestOfN) {
                    // Best-of-n's own form (Gao et al.): R(d) = d (α − β d).
                    GaoFit.BestOfNFit fit = GaoFit.bestOfN(positive.stream().mapToDouble(GoldKlCurve.Point::d).toArray(),
                            positive.stream().mapToDouble(GoldKlCurve.Point::goldGain).toArray());
                    curves.add(GoldKlCurve.curve("fit: " + group.label(), fit::predict, maxD));
                } else {
                    GaoFit.Fit fit = GoldKlCurve.fit(pooled);
                    curves.add(GoldKlCurve.curve("fit: " + group.label(), fit, maxD));
                }
            } catch (IllegalArgumentException e) {
                problems.add(group.label() + ": no fit (" + e.getMessage() + ")");
            }
        }
        html.openSection("frontier", "Gold against √KL per setting");
        html.figure(Figures.pointsAndCurves(new Figures.Spec("figure-frontier", "Gold gain against √KL per setting", "d = √KL(π ‖ π_ref)",
                "gold − the reference's gold", "Windows of policy-gradient iterations, DPO's epochs or best-of-n's n, of every seed (dots), and "
                        + "Gao et al.'s R(d) = d (α − β ln d) fitted to each group's points (lines; best-of-n: its own form d (α − β d)): "
                        + "the more gold a setting buys per unit of KL, the better."), points, curves));
        problems.forEach(html::note);
        html.closeSection();
    }

    private static void bandFigure(Html html, List<SeedGroups.Group> groups, String id, String title, String yLabel, String field) {
        String xField = field.startsWith("objective/") ? ChatSections.X : ControlSections.X;
        List<Figures.Band> bands = new ArrayList<>();
        for (SeedGroups.Group group : groups) {
            List<Series> perSeed = group.runs().stream().map(r -> Series.of(r.name(), r.iterationLines(), xField, field)).toList();
            bands.add(SeedStatistics.band(group.label(), perSeed));
        }
        html.figure(Figures.bands(new Figures.Spec(id, title, xField.equals(ChatSections.X) ? ChatSections.X_LABEL : ControlSections.X_LABEL,
                yLabel, "Mean across seeds of each group and its 95% band (Student's t), over the iterations every seed has reached."), bands));
    }

    private static Table.Cell interval(SeedGroups.Group group, ToDoubleFunction<RunData> value) {
        SeedStatistics.Estimate e = SeedStatistics.estimate(group.runs().stream().mapToDouble(value).toArray());
        return Table.Cell.interval(e.mean(), e.halfWidth());
    }

    private static double eval(RunData run, String field) {
        return run.evalLine().map(n -> RunData.value(n, field)).orElse(Double.NaN);
    }

    private static double last(RunData run, String field) {
        List<JsonNode> lines = run.iterationLines();
        return lines.isEmpty() ? Double.NaN : RunData.value(lines.get(lines.size() - 1), field);
    }

    private static double lastWindowKl(RunData run) {
        List<GoldKlCurve.Point> points = GoldKlCurve.of(run.ppoLines()).points();
        return points.isEmpty() ? Double.NaN : Math.pow(points.get(points.size() - 1).d(), 2);
    }
}
