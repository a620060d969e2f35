package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM running a tiny ChatWorld pipeline that closes with a dpo stage, resumes it each time,
 * and compares the final metrics.jsonl with an uninterrupted run's: the storage guarantee holds for DPO's epochs and
 * their checkpoints (policy weights and Adam's state). Kill points: while the first stages run, then twice inside the
 * dpo stage, after seeded numbers of metrics lines (plus a random delay, so that kills land inside epochs too).
 */
class DpoResumeAfterKillTest {
    private static final int EPOCHS = 12;
    private static final List<String> TINY = Stream.concat(
            ChatResumeAfterKillTest.TINY.stream().filter(s -> !s.startsWith("pipeline=") && !s.startsWith("chat.ppo.")),
            Stream.of("pipeline=[sft, label, dpo]", "chat.dpo.epochs=" + EPOCHS, "chat.dpo.batch_size=16", "chat.dpo.learning_rate=3e-3",
                    "chat.dpo.checkpoint_every=1", "chat.dpo.eval_prompts=64", "chat.eval.iteration_prompts=32")).toList();
    /** sft, label, the dpo epochs and the closing dpo-eval line. */
    private static final int LINES = 2 + EPOCHS + 1;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheUninterruptedMetricsWhenADpoPipelineIsKilledAndResumed() throws Exception {
        Random random = new Random(20261130);
        long[] killAfterLines = {1, 3 + random.nextInt(4), 8 + random.nextInt(4)};

        ChildJvm.KilledAndResumed runs = ChildJvm.killAndResume(dir, TINY, killAfterLines, random, 120);

        assertTrue(runs.kills() >= 2, "only " + runs.kills() + " of the kills landed before the run finished");
        assertEquals(LINES, runs.uninterrupted().size());
        assertTrue(runs.uninterrupted().get(LINES - 1).contains("\"stage\":\"dpo-eval\""), runs.uninterrupted().get(LINES - 1));
        assertEquals(runs.uninterrupted(), runs.resumed(), "metrics after " + runs.kills() + " kills");
    }
}
