package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM running CartPole at several moments, resumes it each time, and compares the final
 * metrics.jsonl with an uninterrupted run's. Kill points: one before the first checkpoint, then three at iterations
 * drawn from a seeded generator (plus a random delay of up to 150 ms, so that kills land inside iterations too).
 */
class ResumeAfterKillTest {
    private static final String[] SETTINGS = {"--config", Path.of("..", "examples", "cartpole-fast.conf").toString(),
        "--set", "total_timesteps=38400", "--set", "storage.checkpoint_every=7", "--no-progress"};
    private static final int ITERATIONS = 150;

    @TempDir
    Path dir;

    static String[] with(String first, Object... rest) {
        return ChildJvm.command(SETTINGS, first, rest);
    }

        @Test
    void shouldWriteTheUninterruptedMetricsWhenKilledAndResumedRepeatedly() throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, with("run", "--out", reference)), referenceLog, 180));

        Path killed = dir.resolve("killed");
        Path metrics = killed.resolve("metrics.jsonl");
        Random random = new Random(20261128);
        long[] killAfterLines = {2, 0, 0, 0};
        for (int k = 1; k < killAfterLines.length; k++) {
            killAfterLines[k] = killAfterLines[k - 1] + 10 + random.nextInt(30);
        }
        int kills = ChildJvm.killRepeatedly(dir, killed, with("run", "--out", killed), killAfterLines, random, 150, 120);
        Path finalLog = dir.resolve("final.log");
        int exit = ChildJvm.await(ChildJvm.alignsim(finalLog, "resume", killed.toString(), "--no-progress"), finalLog, 180);

        assertEquals(0, exit, Files.readString(finalLog));
        assertTrue(kills >= 3, "only " + kills + " of the kills landed before the run finished");
        List<String> expected = ChildJvm.withoutTiming(reference.resolve("metrics.jsonl"));
        assertEquals(ITERATIONS, expected.size());
        List<String> actual = ChildJvm.withoutTiming(metrics);
        assertEquals(expected.size(), actual.size(), "lines in the resumed run's metrics.jsonl");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "metrics line " + (i + 1) + " after " + kills + " kills");
        }
    }
}
