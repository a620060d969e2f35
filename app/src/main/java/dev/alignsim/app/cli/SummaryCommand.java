package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.app.report.SweepSummary;
import dev.alignsim.app.sweep.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim summary}: the final figures of runs, one Markdown table row per run, read from their metrics.jsonl.
 * Means of timing skip the first iteration (engine start and JIT warm-up); the rows say which iterations they
 * average, numbered as metrics.jsonl numbers them ({@code iteration}, or {@code ppo/iteration} for ChatWorld's PPO).
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Prints each control-world run's final episode_return_mean (and when it first reached --threshold) as a "
                + "Markdown table; --phases and --rlhf print where iteration time went instead.",
            "Given a sweep's root (alignsim sweep --root), prints one row per setting: the mean across seeds and its 95% interval "
                + "(Student's t) of the final and best episode return (control worlds) or of the closing line's gold on unseen prompts "
                + "and the best iteration's gold (ChatWorld)."})
public final class SummaryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories (holding metrics.jsonl), or one sweep's root "
            + "(holding sweep.json).")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "RETURN", description = "Also report the first env_steps with episode_return_mean >= RETURN.")
    Double threshold;

    @Option(names = "--phases", description = "For control-world runs, print instead where iteration time went: mean ms per iteration "
            + "acting, valuing, training, and the rest.")
    boolean phases;

    @Option(names = "--rlhf", description = "For ChatWorld runs, print instead where a PPO iteration's time went (generation, "
            + "scoring, training, labeling, storage, the rest: messaging and bookkeeping) and the tokens/s generated and trained.")
    boolean rlhf;

    @Override
    public Integer call() {
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new InvalidArgumentException("--threshold " + threshold + ": expected a finite number");
        }
        if (runs.size() == 1 && Sweep.isSweep(runs.get(0))) {
            if (threshold != null || phases || rlhf) {
                throw new InvalidArgumentException(runs.get(0) + " is a sweep's root: its summary takes no --threshold, --phases or --rlhf; "
                        + "expected run directories with those options");
            }
            SweepSummary.table(Sweep.open(runs.get(0))).forEach(System.out::println);
            return 0;
        }
        List<String> rows = new ArrayList<>();
        for (Path run : runs) {
            MetricsFile metrics = MetricsFile.read(run);
            rows.add(rlhf ? rlhfRow(metrics) : phases ? phaseRow(metrics) : row(metrics));
        }
        if (rlhf) {
            System.out.println("| run | ppo iterations | averaged | generate ms | score ms | train ms | label ms | commit ms | other ms "
                    + "| total ms | generated tokens/s | PPO-trained tokens/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        } else if (phases) {
            System.out.println("| run | iterations | averaged | rollout ms | values ms | train ms | other ms | total ms | steps/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
        } else {
            System.out.println("| run | iterations | env_steps | final episode_return_mean |"
                    + (threshold == null ? "" : " first env_steps >= " + threshold + " |") + " wall_s |");
            System.out.println("|---|---|---|---|" + (threshold == null ? "" : "---|") + "---|");
        }
        rows.forEach(System.out::println);
        return 0;
    }

    /** Means over all iterations but the first. */
    private static String phaseRow(MetricsFile metrics) {
        List<JsonNode> nodes = metrics.controlWorldLines("--phases");
        List<JsonNode> steady = nodes.size() > 1 ? nodes.subList(1, nodes.size()) : nodes;
        double rollout = metrics.mean(steady, "perf/rollout_s");
        double values = metrics.mean(steady, "perf/values_s");
        double train = metrics.mean(steady, "perf/train_s");
        JsonNode first = nodes.get(0);
        JsonNode last = nodes.get(nodes.size() - 1);
        double wall = metrics.number(last, "wall_s") - (nodes.size() > 1 ? metrics.number(first, "wall_s") : 0);
        double total = wall / steady.size();
        double steps = metrics.number(last, "env_steps") - (nodes.size() > 1 ? metrics.number(first, "env_steps") : 0);
        return String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f |", metrics.name(), nodes.size(),
                range(metrics, steady, "iteration"), 1e3 * rollout, 1e3 * values, 1e3 * train, 1e3 * (total - rollout - values - train),
                1e3 * total, steps / wall);
    }

    /**
     * Means over the ppo iterations but the first (engine warm-up). Score runs the reference, reward model and critic in
     * parallel, and train the policy and critic in parallel, so each is the slower of its group. Commit is measured
     * by the next iteration's line (a line is written before its own commit).
     */
    private static String rlhfRow(MetricsFile metrics) {
        List<JsonNode> ppo = metrics.lines().stream().filter(n -> "ppo".equals(n.path("stage").asText())).toList();
        if (ppo.size() < 2) {
            throw new InvalidArgumentException(metrics.path() + " has " + ppo.size() + " ppo iterations; --rlhf expected a ChatWorld run "
                    + "with at least 2");
        }
        List<JsonNode> steady = ppo.subList(1, ppo.size());
        double generate = metrics.mean(steady, "perf/generate_s");
        double score = metrics.mean(steady, "perf/score_s");
        double train = metrics.mean(steady, "perf/train_s");
        double label = steady.stream().mapToDouble(n -> n.path("perf/label_s").asDouble(0)).average().orElse(0);
        double commit = steady.stream().filter(n -> n.has("perf/previous_commit_s"))
                .mapToDouble(n -> n.get("perf/previous_commit_s").asDouble()).average().orElse(Double.NaN);
        double total = metrics.mean(steady, "wall_s") + commit;
        double generated = metrics.mean(steady, "perf/tokens_per_s");
        double trained = metrics.mean(steady, "perf/trained_tokens_per_s");
        return String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f |", metrics.name(),
                ppo.size(), range(metrics, steady, PpoIterations.FIELD), 1e3 * generate, 1e3 * score, 1e3 * train, 1e3 * label,
                1e3 * commit, 1e3 * (total - generate - score - train - label - commit), 1e3 * total, generated, trained);
    }

    /** The iterations averaged, as {@code field} numbers them: {@code 2..100}. */
    private static String range(MetricsFile metrics, List<JsonNode> averaged, String field) {
        long first = (long) metrics.number(averaged.get(0), field);
        long last = (long) metrics.number(averaged.get(averaged.size() - 1), field);
        return first == last ? Long.toString(first) : first + ".." + last;
    }

    private String row(MetricsFile metrics) {
        List<JsonNode> nodes = metrics.controlWorldLines("summary's table");
        Long reached = null;
        for (JsonNode node : nodes) {
            JsonNode ret = node.get("episode_return_mean");
            if (threshold != null && reached == null && ret != null && ret.isNumber() && ret.asDouble() >= threshold) {
                reached = (long) metrics.number(node, "env_steps");
            }
        }
        JsonNode last = nodes.get(nodes.size() - 1);
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f |%s %.1f |", metrics.name(), (long) metrics.number(last, "iteration"),
                (long) metrics.number(last, "env_steps"), metrics.number(last, "episode_return_mean"),
                threshold == null ? "" : " " + (reached == null ? "never" : reached.toString()) + " |", metrics.number(last, "wall_s"));
    }
}
