package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** PPO's health over a run, in both worlds: approximate KL, clip fraction, the critic's explained variance, entropy. */
final class PpoHealthSection {
    private static final List<String[]> PANELS = List.of(new String[] {"policy/approx_kl", "approx KL"},
            new String[] {"policy/clipfrac", "clip fraction"}, new String[] {"value/explained_variance", "explained variance"},
            new String[] {"objective/entropy", "entropy"});

    private PpoHealthSection() {}

    static void write(Html html, List<JsonNode> lines, String xField, String xLabel) {
        if (lines.isEmpty()) {
            return;
        }
        List<Figures.Panel> panels = PANELS.stream()
                .map(p -> new Figures.Panel(p[1], List.of(Series.of(p[1], lines, xField, p[0])))).toList();
        html.openSection("ppo-health", "PPO health");
        html.figure(Figures.panels(new Figures.Spec("figure-ppo-health", "PPO health", xLabel, null,
                "Per iteration: the approximate KL between the policy before and after the update (large: steps too big), the "
                        + "fraction of ratios clipped, the critic's explained variance of the returns (1 is perfect, below 0 worse than "
                        + "a constant) and the policy's entropy."), panels));
        JsonNode last = lines.get(lines.size() - 1);
        Table table = new Table("ppo-health-last", "at " + xLabel, "approx KL", "clip fraction", "explained variance", "entropy");
        table.numbers(RunData.value(last, xField), RunData.value(last, "policy/approx_kl"), RunData.value(last, "policy/clipfrac"),
                RunData.value(last, "value/explained_variance"), RunData.value(last, "objective/entropy"));
        html.table(table);
        html.closeSection();
    }
}
