package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a child JVM running a run: it stops at the next iteration boundary with a checkpoint, says so and how
 * to resume (exit 130), and the resumed run writes the uninterrupted run's metrics.
 */
class StopAndResumeTest {
    private static final int STOPPED = 130;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheUninterruptedMetricsWhenAControlWorldRunIsStoppedBySigtermAndResumed() throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, ResumeAfterKillTest.with("run", "--out", reference)), referenceLog,
                180), Files.readString(referenceLog));

        Path stopped = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process process = ChildJvm.alignsim(log, ResumeAfterKillTest.with("run", "--out", stopped));
        ChildJvm.awaitLines(stopped.resolve("metrics.jsonl"), 20, process, 180);

        assertStoppedAndResumed(process, log, stopped, reference, "resume", stopped.toString(), "--no-progress");
    }

    @Test
    void shouldWriteTheUninterruptedMetricsWhenAChatWorldRunIsStoppedBySigtermInsidePpoAndResumed() throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, ChildJvm.runArgs("run", reference, ChatResumeAfterKillTest.TINY)), referenceLog, 240),
                Files.readString(referenceLog));

        Path stopped = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process process = ChildJvm.alignsim(log, ChildJvm.runArgs("run", stopped, ChatResumeAfterKillTest.TINY));
        // sft, label, rm, then two PPO iterations: the signal lands inside the ppo stage.
        ChildJvm.awaitLines(stopped.resolve("metrics.jsonl"), 5, process, 180);

        assertStoppedAndResumed(process, log, stopped, reference, "resume", stopped.toString(), "--no-progress");
    }

    private void assertStoppedAndResumed(Process process, Path log, Path stopped, Path reference, String... resume) throws Exception {
        assertTrue(process.isAlive(), "the run finished before the signal: " + Files.readString(log));
        process.destroy(); // SIGTERM
        int exit = ChildJvm.await(process, log, 120);
        String said = Files.readString(log);
        assertEquals(STOPPED, exit, said);
        assertTrue(said.contains("stopped on request") && said.contains("alignsim resume " + stopped), said);
        long linesAtStop = ChildJvm.lineCount(stopped.resolve("metrics.jsonl"));
        assertTrue(linesAtStop < ChildJvm.lineCount(reference.resolve("metrics.jsonl")), "the run stopped before its end");

        Path resumeLog = dir.resolve("resume.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(resumeLog, resume), resumeLog, 240), Files.readString(resumeLog));

        assertEquals(ChildJvm.withoutTiming(reference.resolve("metrics.jsonl")),
                ChildJvm.withoutTiming(stopped.resolve("metrics.jsonl")));
    }
}
