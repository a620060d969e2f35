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
 * Kills (SIGKILL) a child JVM running a tiny ChatWorld pipeline that ends in the bon stage, resumes it each time, and
 * compares the final metrics.jsonl with an uninterrupted run's. Kill points: while the first stages run (after the
 * sft line), then inside the bon stage (after the rm line; bon's one line is written at its end, so the file must
 * still hold three lines after that kill).
 */
class BonResumeAfterKillTest {
    /** ChatResumeAfterKillTest's tiny world, with more evaluation prompts so that best of 64 takes seconds to sample. */
    static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label, rm, bon]", "device=cpu", "seed=3",
            "chat.world.topics=2", "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2",
            "chat.world.values=4", "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8",
            "chat.model.hidden=16", "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3",
            "chat.sft.batch_size=10", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=400", "chat.bon.n=[1, 4, 16, 64]");
    /** sft, label, rm and bon. */
    private static final int LINES = 4;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheUninterruptedMetricsWhenABonPipelineIsKilledAndResumed() throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, ChildJvm.runArgs("run", reference, TINY)), referenceLog, 240),
                Files.readString(referenceLog));

        Path killed = dir.resolve("killed");
        Path metrics = killed.resolve("metrics.jsonl");
        Random random = new Random(20261130);
        Path firstLog = dir.resolve("killed-0.log");
        Process first = ChildJvm.alignsim(firstLog, ChildJvm.runArgs("run", killed, TINY));
        ChildJvm.awaitLines(metrics, 1, first, 180);
        Thread.sleep(random.nextInt(100));
        assertTrue(first.isAlive(), "the run finished before the first kill; log:\n" + Files.readString(firstLog));
        ChildJvm.kill(first);

        Path secondLog = dir.resolve("killed-1.log");
        Process second = ChildJvm.alignsim(secondLog, "resume", killed.toString(), "--no-progress");
        ChildJvm.awaitLines(metrics, 3, second, 180);
        Thread.sleep(300 + random.nextInt(300));
        assertTrue(second.isAlive(), "the bon stage finished before the second kill; log:\n" + Files.readString(secondLog));
        ChildJvm.kill(second);
        assertEquals(3, ChildJvm.lineCount(metrics), "the second kill landed after the bon stage committed");

        Path finalLog = dir.resolve("final.log");
        int exit = ChildJvm.await(ChildJvm.alignsim(finalLog, "resume", killed.toString(), "--no-progress"), finalLog, 240);

        assertEquals(0, exit, Files.readString(finalLog));
        List<String> expected = ChildJvm.withoutTiming(reference.resolve("metrics.jsonl"));
        assertEquals(LINES, expected.size());
        assertTrue(expected.get(LINES - 1).contains("\"bon/n64/gold_unseen\""), expected.get(LINES - 1));
        assertEquals(expected, ChildJvm.withoutTiming(metrics));
    }
}
