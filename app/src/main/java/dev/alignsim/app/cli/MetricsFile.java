package dev.alignsim.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's metrics.jsonl read for a report: every line a JSON object, every field a report needs present and numeric.
 * A file that is not so is refused naming the file, the line and the field.
 */
final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path run;
    private final Path path;
    private final List<JsonNode> lines;

    private MetricsFile(Path run, Path path, List<JsonNode> lines) {
        this.run = run;
        this.path = path;
        this.lines = lines;
    }

    static MetricsFile read(Path run) {
        Path path = run.resolve(RunDirectory.METRICS);
        if (!Files.isRegularFile(path)) {
            throw new InvalidArgumentException(run + (Files.isDirectory(run) ? " holds no " + RunDirectory.METRICS
                    : Files.exists(run) ? " is a file" : " does not exist") + "; expected a run directory");
        }
        List<String> text;
        try {
            text = Files.readAllLines(path);
        } catch (MalformedInputException e) {
            throw new InvalidArgumentException(path + " is not UTF-8 text; expected JSON lines, one object per iteration");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text.get(i));
                if (node == null || !node.isObject()) {
                    throw new InvalidArgumentException(path + " line " + (i + 1) + " is not a JSON object; expected one object per "
                            + "iteration");
                }
                nodes.add(node);
            } catch (JsonProcessingException e) {
                throw new InvalidArgumentException(path + " line " + (i + 1) + " is not JSON (" + e.getOriginalMessage()
                        + "); expected one object per iteration");
            }
        }
        if (nodes.isEmpty()) {
            throw new InvalidArgumentException(path + " is empty: the run wrote no iteration");
        }
        return new MetricsFile(run, path, nodes);
    }

    String name() {
        return String.valueOf(run.toAbsolutePath().normalize().getFileName());
    }

    Path path() {
        return path;
    }

    List<JsonNode> lines() {
        return lines;
    }

    /** The lines of a control-world run; a ChatWorld run is refused, pointing to the reports that read one. */
    List<JsonNode> controlWorldLines(String report) {
        if (lines.get(0).has("stage")) {
            throw new InvalidArgumentException(run + " is a ChatWorld run; " + report + " reads control-world runs (expected lines "
                    + "with episode_return_mean): use summary --rlhf, gao-fit or rm-eval for it");
        }
        return lines;
    }

    /** A numeric field of a line (null, as MetricsLog writes a non-finite one, is NaN); refused naming the file when missing. */
    double number(JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value != null && value.isNull()) {
            return Double.NaN;
        }
        if (value == null || !value.isNumber()) {
            throw new InvalidArgumentException(path + ": the line of iteration " + line.path("iteration").asText("?") + " has "
                    + (value == null ? "no " + field : field + " = " + value) + "; expected a number");
        }
        return value.asDouble();
    }

    double mean(List<JsonNode> nodes, String field) {
        return nodes.stream().mapToDouble(n -> number(n, field)).average().orElse(Double.NaN);
    }
}
