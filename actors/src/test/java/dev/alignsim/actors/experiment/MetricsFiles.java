package dev.alignsim.actors.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads metrics.jsonl without its timing fields (wall_s, perf/*), which differ from run to run by nature. */
final class MetricsFiles {
    private MetricsFiles() {}

    static List<String> withoutTiming(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream()
                .map(line -> line.replaceAll(",\"perf/[^\"]+\":[^,}]+", "").replaceAll(",\"wall_s\":[^,}]+", ""))
                .collect(Collectors.toList());
    }
}
