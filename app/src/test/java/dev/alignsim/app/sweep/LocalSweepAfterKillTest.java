package dev.alignsim.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.store.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alignsim sweep} without nodes, killed with SIGKILL while its experiments run: its child JVMs halt with it
 * (else the next sweep could not open their stores), the next sweep resumes both to their last iteration, and a third
 * starts nothing.
 */
class LocalSweepAfterKillTest {
    private static final int ITERATIONS = 16;

    @TempDir
    Path dir;

    @Test
    void shouldResumeKilledExperimentsAndSkipFinishedOnesWhenSweptAgain() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"CartPole-v1\"\ntotal_timesteps = " + ITERATIONS * 256 + "\nnum_envs = 4\n"
                + "num_steps = 64\ndevice = cpu\nstorage.checkpoint_every = 2\n");
        Path sweepFile = dir.resolve("sweep.conf");
        Files.writeString(sweepFile, "base = \"base.conf\"\nseeds = [1, 2]\n");
        Path root = dir.resolve("root");
        String[] args = {"sweep", "--config", sweepFile.toString(), "--root", root.toString(), "--jobs", "2"};

        Path firstLog = dir.resolve("first.log");
        Process first = ChildJvm.alignsim(firstLog, args);
        List<Path> metrics = List.of(root.resolve("runs/seed1/metrics.jsonl"), root.resolve("runs/seed2/metrics.jsonl"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!metrics.stream().allMatch(m -> lines(m) >= 3) && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(first.isAlive() && metrics.stream().allMatch(m -> lines(m) >= 3 && lines(m) < ITERATIONS),
                "the sweep was not under way in both experiments:\n" + Files.readString(firstLog));
        ChildJvm.kill(first);

        Path secondLog = dir.resolve("second.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(secondLog, args), secondLog, 180), Files.readString(secondLog));
        String second = Files.readString(secondLog);
        assertTrue(second.contains("seed1: resume") && second.contains("seed2: resume"), second);
        for (Path m : metrics) {
            assertEquals(ITERATIONS, lines(m), m.toString());
        }

        Path thirdLog = dir.resolve("third.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(thirdLog, args), thirdLog, 60));
        String third = Files.readString(thirdLog);
        assertTrue(third.contains("seed1 is complete; skipped") && third.contains("seed2 is complete; skipped"), third);
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
