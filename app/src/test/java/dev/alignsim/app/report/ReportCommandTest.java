package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alignsim report}'s arguments: where it writes, and what it refuses. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteIntoTheRunDirectoryAndPrintThePathWhenOutIsNotGiven() {
        Path run = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "run");

        ReportFixtures.Result result = ReportFixtures.execute("report", run.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        assertEquals("alignsim: report: " + run.resolve("report.html"), result.out().strip());
    }

    @Test
    void shouldExitTwoNamingThePathWhenItHoldsNoMetrics() throws IOException {
        Path notRun = Files.createDirectories(dir.resolve("empty"));

        ReportFixtures.Result result = ReportFixtures.execute("report", notRun.toString(), "--out", dir.resolve("r.html").toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(notRun + " is not a run directory"), result.err());
        assertTrue(Files.notExists(dir.resolve("r.html")));
    }

    @Test
    void shouldExitTwoNamingThePathWhenItDoesNotExist() {
        Path missing = dir.resolve("missing");

        ReportFixtures.Result result = ReportFixtures.execute("report", missing.toString(), "--out", dir.resolve("r.html").toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(missing + " is not a run directory: it does not exist"), result.err());
    }

    @Test
    void shouldExitTwoAndWriteNothingWhenOutDirectoryDoesNotExist() throws IOException {
        Path run = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "run");
        Path out = dir.resolve("no-such-dir").resolve("r.html");

        ReportFixtures.Result result = ReportFixtures.execute("report", run.toString(), "--out", out.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("cannot write the report to " + out), result.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the run directory");
        }
    }

    @Test
    void shouldExitTwoWhenOutIsADirectory() {
        Path run = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "run");

        ReportFixtures.Result result = ReportFixtures.execute("report", run.toString(), "--out", dir.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("it is a directory"), result.err());
    }

    @Test
    void shouldLeaveOnlyTheReportWhenAReportIsWrittenOverAnother() throws IOException {
        Path run = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "run");
        Files.writeString(run.resolve("report.html"), "old");

        ReportFixtures.execute("report", run.toString());

        assertTrue(Files.readString(run.resolve("report.html")).startsWith("<!DOCTYPE html>"));
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(3, files.count(), "config.conf, metrics.jsonl and report.html, no temporary file");
        }
    }

    @Test
    void shouldExitTwoNamingTheLineWhenAnEarlierLineIsNotJson() throws IOException {
        Path run = ReportFixtures.copy(ReportFixtures.CONTROL, dir, "run");
        Files.writeString(run.resolve("metrics.jsonl"), "{not json\n" + Files.readString(run.resolve("metrics.jsonl")));

        ReportFixtures.Result result = ReportFixtures.execute("report", run.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("metrics.jsonl line 1 is not JSON"), result.err());
    }
}
