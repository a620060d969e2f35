package dev.alignsim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.lifecycle.RunFailedException;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.storage.UserCache;
import dev.alignsim.storage.rocks.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a failure becomes an exit code and one console line, and where its stack trace goes. */
class ErrorHandlerTest {
    @TempDir
    Path dir;

    private final StringWriter console = new StringWriter();

    @BeforeEach
    void startCommand() {
        RunLog.start(false);
    }

    @AfterEach
    void endCommand() {
        RunLog.detach();
    }

    private int exitCode(Throwable failure) {
        return ErrorHandler.exitCode(failure, new PrintWriter(console, true));
    }

    @Test
    void shouldExitOneWithOneLineAndTraceInTheRunLogWhenAnInternalFaultOccurs() throws IOException {
        Path log = RunLog.attach(dir);

        int exit = exitCode(new NullPointerException("a value was null"));

        assertEquals(1, exit);
        assertEquals(1, console.toString().lines().count(), console.toString());
        assertTrue(console.toString().contains("internal error") && console.toString().contains(log.toString()), console.toString());
        RunLog.detach();
        String written = Files.readString(log);
        assertTrue(written.contains("java.lang.NullPointerException: a value was null") && written.contains("\tat "), written);
    }

    @Test
    void shouldWriteTraceUnderTheUserCacheWhenAFaultOccursOutsideARun() throws IOException {
        int exit = exitCode(new IllegalStateException("broken"));

        Path log = RunLog.file().orElseThrow();
        RunLog.detach();
        assertEquals(1, exit);
        assertTrue(log.startsWith(UserCache.directory()), log.toString());
        assertTrue(Files.readString(log).contains("IllegalStateException: broken"));
    }

    @Test
    void shouldNotPrintAStackTraceWhenAnInternalFaultOccurs() {
        exitCode(new ArithmeticException("overflow"));

        assertFalse(console.toString().contains("\tat "), console.toString());
    }

    @Test
    void shouldReportARunFailureNotAnInternalErrorWhenAnRlhfStageRunsOutOfRecoveries() throws IOException {
        RunLog.attach(dir);

        int exit = exitCode(new RunFailedException("RLHF iteration 3 failed: critic failed: out of memory", new IllegalStateException()));

        assertEquals(1, exit);
        assertTrue(console.toString().startsWith("alignsim: run failed: RLHF iteration 3 failed: critic failed"), console.toString());
    }

    @Test
    void shouldExitOneHundredThirtyNamingTheResumeCommandWhenARunStoppedOnRequest() {
        int exit = exitCode(new RunStoppedException(dir, "iteration 12 of 100"));

        assertEquals(130, exit);
        assertTrue(console.toString().contains("stopped on request after iteration 12 of 100")
                && console.toString().contains("alignsim resume " + dir), console.toString());
    }

    @Test
    void shouldExitTwoWithTheMessageWhenASettingIsInvalid() {
        assertEquals(2, exitCode(new InvalidSettingsException("alignsim.seed = x: expected a whole number")));
        assertTrue(console.toString().startsWith("alignsim: invalid input: alignsim.seed = x"), console.toString());
    }

    @Test
    void shouldExitThreeWhenTheStoreCannotBeUsed() {
        assertEquals(3, exitCode(new StoreException(StoreException.Problem.LOCKED, "run/store is locked")));
    }

    @Test
    void shouldExitOneNamingTheFileWhenWritingFails() {
        int exit = exitCode(new UncheckedIOException("cannot write run/metrics.jsonl", new IOException("No space left on device")));

        assertEquals(1, exit);
        assertTrue(console.toString().contains("cannot write run/metrics.jsonl") && console.toString().contains("No space left"),
                console.toString());
    }

    @Test
    void shouldExitOneSuggestingMoreHeapWhenMemoryRunsOut() {
        assertEquals(1, exitCode(new OutOfMemoryError("Java heap space")));
        assertTrue(console.toString().contains("ALIGNSIM_JAVA_OPTS=-Xmx"), console.toString());
    }
}
