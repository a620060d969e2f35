package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Run directories for report tests, copied from {@code src/test/resources/report} (the metrics.jsonl and config.conf
 * of a 20-iteration rlhf-quick run and of a 20,000-step CartPole run), and the reports written of them.
 */
final class ReportFixtures {
    static final String CHAT = "chat-run";
    static final String CONTROL = "control-run";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFixtures() {}

    /** A copy of a fixture run in {@code parent/name}. */
    static Path copy(String fixture, Path parent, String name) {
        Path run = parent.resolve(name);
        try {
            Files.createDirectories(run);
            for (String file : List.of("metrics.jsonl", "config.conf")) {
                try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/" + fixture + "/" + file)) {
                    Files.copy(in, run.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run;
    }

    static List<JsonNode> lines(Path run) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ppoLines(Path run) {
        return lines(run).stream().filter(n -> "ppo".equals(n.path("stage").asText())).toList();
    }

    /** Rewrites every metrics line. */
    static void editLines(Path run, UnaryOperator<ObjectNode> edit) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : lines(run)) {
            out.add(edit.apply((ObjectNode) line).toString());
        }
        write(run.resolve("metrics.jsonl"), String.join("\n", out) + "\n");
    }

    /** Replaces a top-level setting line ({@code seed=1}) or a nested one (as written, e.g. {@code "kl_coef"=0.05}) in config.conf. */
    static void editConfig(Path run, String written, String replacement) {
        try {
            String config = Files.readString(run.resolve("config.conf"));
            if (!config.contains(written)) {
                throw new IllegalStateException("config.conf has no " + written);
            }
            write(run.resolve("config.conf"), config.replace(written, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {}

    static Result execute(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Writes the report of the runs with {@code alignsim report} and parses it; fails when the command does. */
    static Document report(Path out, Path... runs) {
        List<String> args = new ArrayList<>(List.of("report"));
        for (Path run : runs) {
            args.add(run.toString());
        }
        args.add("--out");
        args.add(out.toString());
        Result result = execute(args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("report exited " + result.exitCode() + ": " + result.err());
        }
        try {
            return Jsoup.parse(out.toFile(), "UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exact value a number cell keeps, by table id, row and column (0-based, header excluded). */
    static double cell(Document report, String tableId, int row, int column) {
        String value = report.select("table#" + tableId + " tbody tr").get(row).select("td").get(column).attr("data-value");
        if (value.isEmpty()) {
            throw new AssertionError("cell " + row + "," + column + " of table " + tableId + " holds no number");
        }
        return Double.parseDouble(value);
    }

    /** The text of a cell, by table id, row and column (0-based, header excluded). */
    static String text(Document report, String tableId, int row, int column) {
        return report.select("table#" + tableId + " tbody tr").get(row).select("td").get(column).text();
    }
}
