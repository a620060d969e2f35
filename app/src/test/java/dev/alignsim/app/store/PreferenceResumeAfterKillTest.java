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
 * Kills (SIGKILL) a child JVM running CartPole from preferences at several moments, resumes it each time, and compares
 * the final metrics.jsonl with an uninterrupted run's: the reward model, the labelers and the learned-reward episodes
 * are in the checkpoint, and comparisons after it are dropped with the rest. The ensemble of two picks pairs by
 * disagreement, so that the reward model's state decides which segments are labeled.
 */
class PreferenceResumeAfterKillTest {
    private static final String[] SETTINGS = {"--config", Path.of("..", "examples", "cartpole-preferences.conf").toString(),
        "--set", "total_timesteps=25600", "--set", "storage.checkpoint_every=7", "--set", "feedback.labels=300",
        "--set", "feedback.initial_labels=50", "--set", "feedback.label_decay_steps=5000", "--set", "feedback.rm.ensemble_size=2",
        "--set", "feedback.pair_selection=disagreement", "--set", "feedback.replay=64", "--no-progress"};
    private static final int ITERATIONS = 100;

    @TempDir
    Path dir;

    private static String[] with(String first, Object... rest) {
        return ChildJvm.command(SETTINGS, first, rest);
    }


    @Test
    void shouldWriteTheUninterruptedMetricsWhenAPreferenceRunIsKilledAndResumed() throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, with("run", "--out", reference)), referenceLog, 300));

        Path killed = dir.resolve("killed");
        Path metrics = killed.resolve("metrics.jsonl");
        Random random = new Random(20261130);
        long[] killAfterLines = {2, 0, 0};
        for (int k = 1; k < killAfterLines.length; k++) {
            killAfterLines[k] = killAfterLines[k - 1] + 10 + random.nextInt(30);
        }
        int kills = ChildJvm.killRepeatedly(dir, killed, with("run", "--out", killed), killAfterLines, random, 150, 180);
        Path finalLog = dir.resolve("final.log");
        int exit = ChildJvm.await(ChildJvm.alignsim(finalLog, "resume", killed.toString(), "--no-progress"), finalLog, 300);

        assertEquals(0, exit, Files.readString(finalLog));
        assertTrue(kills >= 2, "only " + kills + " of the kills landed before the run finished");
        List<String> expected = ChildJvm.withoutTiming(reference.resolve("metrics.jsonl"));
        assertEquals(ITERATIONS, expected.size());
        assertTrue(expected.get(ITERATIONS - 1).contains("\"feedback/labels\":300"), expected.get(ITERATIONS - 1));
        List<String> actual = ChildJvm.withoutTiming(metrics);
        assertEquals(expected.size(), actual.size(), "lines in the resumed run's metrics.jsonl");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "metrics line " + (i + 1) + " after " + kills + " kills");
        }
    }
}
