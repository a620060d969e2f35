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

    @Override
    public Integer call() {
        System.out.println("| run | iterations | env_steps | final episode_return_mean |"
                + (threshold == null ? "" : " first env_steps >= " + threshold + " |") + " wall_s |");
        System.out.println("|---|---|---|---|" + (threshold == null ? "" : "---|") + "---|");
        for (Path run : runs) {
            System.out.println(row(run));
        }
        return 0;
    }

    private String row(Path run) {
        Path metrics = run.resolve(RunDirectory.METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(run + " holds no " + RunDirectory.METRICS + "; expected a run directory");
        }
        JsonNode last = null;
        Long reached = null;
        try {
            for (String line : Files.readAllLines(metrics)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                JsonNode ret = node.get("episode_return_mean");
                if (threshold != null && reached == null && ret != null && ret.isNumber() && ret.asDouble() >= threshold) {
                    reached = node.get("env_steps").asLong();
                }
                last = node;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics, e);
        }
        if (last == null) {
            throw new IllegalArgumentException(metrics + " is empty: the run wrote no iteration");
        }
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f |%s %.1f |", run.getFileName(), last.get("iteration").asInt(),
                last.get("env_steps").asLong(), last.get("episode_return_mean").asDouble(),
                threshold == null ? "" : " " + (reached == null ? "never" : reached.toString()) + " |", last.get("wall_s").asDouble());
    }
}
