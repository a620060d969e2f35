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

    @Override
    public Integer call() {
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
