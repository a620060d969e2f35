package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alignsim summary}: the final figures of finished runs, one Markdown table row per run. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints each run's final episode_return_mean (and when it first reached --threshold) as a Markdown table.")
public final class SummaryCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories (holding metrics.jsonl).")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "RETURN", description = "Also report the first env_steps with episode_return_mean >= RETURN.")
    Double threshold;

    @Option(names = "--phases", description = "Print instead where iteration time went: mean ms per iteration acting, valuing, training, and the rest.")
    boolean phases;

    @Option(names = "--rlhf", description = "Print instead, for ChatWorld runs, where a PPO iteration's time went (generation, "
            + "scoring, training, labeling, storage, the rest: messaging and bookkeeping) and the tokens/s generated and trained.")
    boolean rlhf;

    @Override
    public Integer call() {
        if (rlhf) {
            System.out.println("| run | iterations | generate ms | score ms | train ms | label ms | commit ms | other ms | total ms "
                    + "| generated tokens/s | PPO-trained tokens/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Path run : runs) {
                System.out.println(rlhfRow(run));
            }
            return 0;
        }
        if (phases) {
            System.out.println("| run | iterations | rollout ms | values ms | train ms | other ms | total ms | steps/s |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Path run : runs) {
                System.out.println(phaseRow(run));
            }
            return 0;
        }
        System.out.println("| run | iterations | env_steps | final episode_return_mean |"
                + (threshold == null ? "" : " first env_steps >= " + threshold + " |") + " wall_s |");
        System.out.println("|---|---|---|---|" + (threshold == null ? "" : "---|") + "---|");
        for (Path run : runs) {
            System.out.println(row(run));
        }
        return 0;
    }

    private static List<JsonNode> lines(Path run) {
        Path metrics = run.resolve(RunDirectory.METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(run + " holds no " + RunDirectory.METRICS + "; expected a run directory");
        }
        List<JsonNode> nodes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(metrics)) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics, e);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(metrics + " is empty: the run wrote no iteration");
        }
        return nodes;
    }

    /** Means over all iterations but the first (which includes JIT warm-up and engine start). */
    private String phaseRow(Path run) {
        List<JsonNode> nodes = lines(run);
        List<JsonNode> steady = nodes.size() > 1 ? nodes.subList(1, nodes.size()) : nodes;
        double rollout = mean(steady, "perf/rollout_s");
        double values = mean(steady, "perf/values_s");
        double train = mean(steady, "perf/train_s");
        JsonNode last = steady.get(steady.size() - 1);
        double wall = last.get("wall_s").asDouble() - nodes.get(0).get("wall_s").asDouble();
        double total = wall / steady.size();
        long steps = last.get("env_steps").asLong() - nodes.get(0).get("env_steps").asLong();
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f |", run.getFileName(), steady.size(),
                1e3 * rollout, 1e3 * values, 1e3 * train, 1e3 * (total - rollout - values - train), 1e3 * total,
                steps / wall);
    }

    /**
     * Means over the ppo iterations but the first (engine warm-up). Score runs the reference, reward model and critic in
     * parallel, and train the policy and critic in parallel, so each is the slower of its group. Commit is measured
     * by the next iteration's line (a line is written before its own commit).
     */
    private String rlhfRow(Path run) {
        List<JsonNode> ppo = lines(run).stream().filter(n -> "ppo".equals(n.path("stage").asText())).toList();
        if (ppo.size() < 2) {
            throw new IllegalArgumentException(run + " has " + ppo.size() + " ppo iterations; --rlhf needs at least 2");
        }
        List<JsonNode> steady = ppo.subList(1, ppo.size());
        double generate = mean(steady, "perf/generate_s");
        double score = mean(steady, "perf/score_s");
        double train = mean(steady, "perf/train_s");
        double label = steady.stream().mapToDouble(n -> n.path("perf/label_s").asDouble(0)).average().orElse(0);
        double commit = steady.stream().filter(n -> n.has("perf/previous_commit_s"))
                .mapToDouble(n -> n.get("perf/previous_commit_s").asDouble()).average().orElse(Double.NaN);
        double total = mean(steady, "wall_s") + commit;
        double generated = mean(steady, "perf/tokens_per_s");
        double trained = mean(steady, "perf/trained_tokens_per_s");
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f |", run.getFileName(),
                steady.size(), 1e3 * generate, 1e3 * score, 1e3 * train, 1e3 * label, 1e3 * commit,
                1e3 * (total - generate - score - train - label - commit), 1e3 * total, generated, trained);
    }

    private static double mean(List<JsonNode> nodes, String field) {
        return nodes.stream().mapToDouble(n -> n.get(field).asDouble()).average().orElse(Double.NaN);
    }

    private String row(Path run) {
        JsonNode last = null;
        Long reached = null;
        for (JsonNode node : lines(run)) {
            JsonNode ret = node.get("episode_return_mean");
            if (threshold != null && reached == null && ret != null && ret.isNumber() && ret.asDouble() >= threshold) {
                reached = node.get("env_steps").asLong();
            }
            last = node;
        }
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f |%s %.1f |", run.getFileName(), last.get("iteration").asInt(),
                last.get("env_steps").asLong(), last.get("episode_return_mean").asDouble(),
                threshold == null ? "" : " " + (reached == null ? "never" : reached.toString()) + " |", last.get("wall_s").asDouble());
    }
}
