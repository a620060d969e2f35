package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A control world's sections: how far it got, episode return and throughput over environment steps. */
final class ControlSections {
    static final String X = "env_steps";
    static final String X_LABEL = "environment steps";

    private ControlSections() {}

    static void results(Html html, RunData run) {
        List<JsonNode> lines = run.lines();
        html.openSection("results", "Results");
        if (lines.isEmpty()) {
            html.note("No iteration yet.").closeSection();
            return;
        }
        JsonNode last = lines.get(lines.size() - 1);
        html.table(new Table("results-table", "iterations", "environment steps", "episodes", "final episode return (mean of last 100)",
                "final episode length", "wall s", "steps/s since start").numbers(RunData.value(last, "iteration"), RunData.value(last, X),
                RunData.value(last, "episodes"), RunData.value(last, "episode_return_mean"), RunData.value(last, "episode_length_mean"),
                RunData.value(last, "wall_s"), RunData.value(last, "perf/steps_per_s")));
        html.figure(Figures.lines(new Figures.Spec("figure-episode-return", "Episode return", X_LABEL, "return",
                "Mean return of the last 100 finished episodes, after each iteration."),
                List.of(Series.of("episode return", lines, X, "episode_return_mean"))));
        html.closeSection();
    }

    static void throughput(Html html, RunData run) {
        List<JsonNode> lines = run.lines();
        if (lines.isEmpty()) {
            return;
        }
        html.openSection("throughput", "Steps per second");
        html.figure(Figures.lines(new Figures.Spec("figure-throughput", "Environment steps per second", X_LABEL, "steps/s",
                "Environment steps per second of wall time since the run (or its resume) started, after each iteration; it climbs while "
                        + "the JIT and the engine warm up."),
                List.of(Series.of("steps/s", lines, X, "perf/steps_per_s"))));
        html.closeSection();
    }
}
