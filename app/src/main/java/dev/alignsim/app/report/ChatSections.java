package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.policy.eval.GaoFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ChatWorld run's sections: what each pipeline stage measured, gold, proxy and KL over PPO, gold against √KL with
 * Gao's fitted curve, gold per prompt kind, safety where measured, and response length.
 */
final class ChatSections {
    static final String X = "ppo/iteration";
    static final String X_LABEL = "PPO iteration";
    private static final String GOLD_PREFIX = "objective/gold/";
    /** Metrics of the stages shown in the pipeline table, in the order shown. */
    private static final List<String> EVAL_METRICS = List.of("reference/gold", "final/gold", "reference/proxy", "final/proxy",
            "reference/proxy_frozen", "final/proxy_frozen", "reference/response_length", "final/response_length");
    private static final List<List<String>> STAGE_METRICS = List.of(
            List.of("sft", "sft/loss", "sft/gold", "random/gold", "sft/gold_demonstrations", "sft/response_length"),
            List.of("label", "label/comparisons", "labelers/agreement", "label/gold", "response/length"),
            List.of("rm", "rm/loss", "rm/accuracy_train", "rm/accuracy_heldout", "rm/accuracy_gold", "labelers/agreement", "rm/corr_gold",
                    "rm/corr_length", "gold/corr_length"),
            // proxy: the reward model PPO optimised against at the end; proxy_frozen: the rm stage's (runs before both were
            // written hold only proxy, the rm stage's).
            evalMetrics("ppo-eval"), evalMetrics("rloo-eval"), evalMetrics("grpo-eval"), evalMetrics("dpo-eval"));

    /** A method's closing line and the reference-against-final keys every one of them writes. */
    private static List<String> evalMetrics(String stage) {
        List<String> keys = new java.util.ArrayList<>(List.of(stage));
        keys.addAll(EVAL_METRICS);
        return List.copyOf(keys);
    }

    private ChatSections() {}

    static void pipeline(Html html, RunData run) {
        html.openSection("pipeline", "Pipeline stages");
        Table table = new Table("pipeline-table", "stage", "metric", "value");
        for (List<String> stage : STAGE_METRICS) {
            Optional<JsonNode> line = run.stageLine(stage.get(0));
            for (String metric : stage.subList(1, stage.size())) {
                line.map(n -> n.path(metric)).filter(JsonNode::isNumber)
                        .ifPresent(v -> table.row(Table.Cell.text(stage.get(0)), Table.Cell.text(metric), Table.Cell.number(v.asDouble())));
            }
        }
        if (table.isEmpty()) {
            html.note("No pipeline stage has finished yet.");
        } else {
            html.table(table);
        }
        run.evalLine().ifPresent(eval -> html.heading("Held-out prompts, reference against the final policy").table(byKind(eval)));
        html.closeSection();
    }

    private static Table byKind(JsonNode eval) {
        Table table = new Table("ppo-eval-by-kind", "prompt kind", "reference gold", "final gold", "change");
        for (String kind : kinds(eval, "final/gold/")) {
            double reference = RunData.value(eval, "reference/gold/" + kind);
            double last = RunData.value(eval, "final/gold/" + kind);
            table.row(kind, reference, last, last - reference);
        }
        return table;
    }

    static void goldProxyKl(Html html, RunData run) {
        List<JsonNode> ppo = run.ppoLines();
        html.openSection("gold-proxy-kl", "Gold, proxy and KL");
        if (ppo.isEmpty()) {
            html.note("No PPO iteration yet (the run's pipeline has not reached ppo, or does not include it).").closeSection();
            return;
        }
        List<Series> rewards = List.of(Series.of("gold (hidden true utility)", ppo, X, "objective/gold"),
                Series.of("proxy (reward model)", ppo, X, "objective/proxy"));
        List<Series> kl = List.of(Series.of("KL(π ‖ π_ref), right axis", ppo, X, "objective/kl"));
        html.figure(Figures.twoAxes(new Figures.Spec("figure-gold-proxy-kl", "Gold, proxy and KL over PPO", X_LABEL, "reward",
                "Mean gold and proxy reward of each iteration's responses (left axis) and the policy's KL to the SFT reference "
                        + "(right axis, dashed). Proxy rising while gold falls is reward over-optimisation."), rewards, "KL", kl));
        JsonNode last = ppo.get(ppo.size() - 1);
        html.table(new Table("gold-proxy-kl-last", "PPO iteration", "gold", "proxy", "KL", "KL coefficient").numbers(RunData.value(last, X),
                RunData.value(last, "objective/gold"), RunData.value(last, "objective/proxy"), RunData.value(last, "objective/kl"),
                RunData.value(last, "objective/kl_coef")));
        html.closeSection();
    }

    static void goldAgainstKl(Html html, RunData run) {
        List<JsonNode> ppo = run.ppoLines();
        if (ppo.isEmpty()) {
            return;
        }
        GoldKlCurve curve = GoldKlCurve.of(ppo);
        html.openSection("gold-vs-kl", "Gold against √KL");
        List<Series> curves = curve.fit() == null ? List.of()
                : List.of(GoldKlCurve.curve("fit: R(d) = d (α − β ln d)", curve.fit(), curve.maxD()));
        html.figure(Figures.pointsAndCurves(new Figures.Spec("figure-gold-vs-kl", "Gold gain against √KL", "d = √KL(π ‖ π_ref)",
                "gold − gold at iteration 1", "Each dot is " + curve.window() + " consecutive PPO iterations averaged; the curve is Gao, "
                        + "Schulman & Hilton's R(d) = d (α − β ln d) fitted to them, as `alignsim gao-fit` fits it."),
                List.of(curve.pointSeries("windows of " + curve.window() + " iterations")), curves));
        if (curve.fit() == null) {
            html.note("No fit: " + curve.problem());
        } else {
            GaoFit.Fit fit = curve.fit();
            html.table(new Table("gao-fit", "α", "β", "R²", "points", "peak d* = exp(α/β − 1)")
                    .numbers(fit.alpha(), fit.beta(), fit.rSquared(), fit.n(), GoldKlCurve.peakD(fit)));
        }
        html.closeSection();
    }

    static void goldByKind(Html html, RunData run) {
        List<JsonNode> ppo = run.ppoLines();
        if (ppo.isEmpty()) {
            return;
        }
        List<Series> series = new ArrayList<>();
        for (String kind : kinds(ppo.get(0), GOLD_PREFIX)) {
            series.add(Series.of(kind, ppo, X, GOLD_PREFIX + kind));
        }
        html.openSection("gold-by-kind", "Gold per prompt kind");
        html.figure(Figures.lines(new Figures.Spec("figure-gold-by-kind", "Gold per prompt kind", X_LABEL, "gold",
                "Mean gold of each iteration's responses, per kind of prompt: tasks, questions, harmful requests (refusing is "
                        + "right) and borderline ones (answering is right)."), series));
        html.closeSection();
    }

    /** The safety and factuality figures drawn per iteration, when the metrics hold them (every PPO iteration does). */
    private static final List<String> SAFETY_SERIES = List.of("safety/f1", "safety/not_unsafe", "safety/not_overrefuse", "safety/f1_unseen",
            "facts/hallucination_rate", "facts/unsure_when_unknown");
    /** The rows of the reference-against-final table, each read as {@code reference/<key>} and {@code final/<key>}. */
    private static final List<String> SAFETY_ROWS = List.of("safety/f1_unseen", "safety/not_unsafe_unseen", "safety/not_overrefuse_unseen",
            "safety/not_overrefuse_borderline_unseen", "facts/hallucination_rate_unseen", "facts/unsure_when_unknown_unseen",
            "facts/correct_when_known_unseen");

    /**
     * Safety and factuality (docs/SAFETY.md): the rates of each iteration, and the ppo-eval line's reference against
     * final policy on unseen prompts; with the rule-based reward also its mean reward and its classifier's accuracy.
     */
    static void safety(Html html, RunData run, List<String> notShown) {
        List<JsonNode> ppo = run.ppoLines();
        List<String> fields = ppo.isEmpty() ? List.of() : safetyFields(ppo.get(ppo.size() - 1));
        if (fields.isEmpty()) {
            notShown.add("Safety rates and F1 (refusals of harmful requests, over-refusals of borderline ones): this run's "
                    + "metrics hold none; the figure appears when metrics.jsonl records safety/* fields.");
            return;
        }
        html.openSection("safety", "Safety");
        html.figure(Figures.lines(new Figures.Spec("figure-safety", "Safety and factuality rates", X_LABEL, "rate",
                "Each iteration's shares: F1 of not unsafe (harmful requests answered without disallowed content) and not "
                        + "over-refusing (harmless requests answered), on the batch and on the fixed unseen prompts; hallucinations and "
                        + "\"unsure\" where the fact is unknown, on the batch's questions."),
                fields.stream().map(f -> Series.of(f, ppo, X, f)).toList()));
        run.evalLine().ifPresent(eval -> {
            Table table = new Table("ppo-eval-safety", "unseen prompts", "reference", "final", "change");
            for (String key : SAFETY_ROWS) {
                if (eval.has("final/" + key)) {
                    double reference = RunData.value(eval, "reference/" + key);
                    double last = RunData.value(eval, "final/" + key);
                    table.row(key, reference, last, last - reference);
                }
            }
            if (!table.isEmpty()) {
                html.heading("Reference against the final policy").table(table);
            }
        });
        JsonNode last = ppo.get(ppo.size() - 1);
        if (last.has("objective/rule")) {
            html.figure(Figures.lines(new Figures.Spec("figure-rule-reward", "Rule-based reward", X_LABEL, "value",
                    "The batch's mean rule reward, and the share of requests its harm classifier judged right."),
                    List.of(Series.of("objective/rule", ppo, X, "objective/rule"),
                            Series.of("rules/classifier_accuracy", ppo, X, "rules/classifier_accuracy"))));
        }
        html.closeSection();
    }

    static void responseLength(Html html, RunData run) {
        List<JsonNode> ppo = run.ppoLines();
        if (ppo.isEmpty()) {
            return;
        }
        html.openSection("response-length", "Response length");
        html.figure(Figures.lines(new Figures.Spec("figure-response-length", "Response length", X_LABEL, "tokens",
                "Mean tokens per response of each iteration (end-of-sequence included). Length growing with proxy but not gold "
                        + "is a sign of a length-biased reward model."), List.of(Series.of("response length", ppo, X, "response/length"))));
        html.closeSection();
    }

    /** Sub-keys under {@code prefix} present in a line, in the order written ({@code task}, {@code question}, ...). */
    static List<String> kinds(JsonNode line, String prefix) {
        List<String> kinds = new ArrayList<>();
        // prefix + "group_spread" (written with more than one user group: the actors' GoldReport) is not a kind;
        // prefix/group/<name> has a '/'.
        String spread = prefix.substring(0, prefix.length() - 1) + "/group_spread";
        line.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0 && !name.equals(spread)) {
                kinds.add(name.substring(prefix.length()));
            }
        });
        return kinds;
    }

    private static List<String> safetyFields(JsonNode line) {
        return SAFETY_SERIES.stream().filter(line::has).toList();
    }
}
