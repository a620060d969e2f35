package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM running a tiny ChatWorld pipeline with a ppo stage, resumes it each time, and compares
 * the final metrics.jsonl with an uninterrupted run's: the storage guarantee holds for the RLHF pipeline too. Kill
 * points: while the first stages run, then twice inside the ppo stage, after seeded numbers of metrics lines (plus a
 * random delay, so that kills land inside iterations too).
 */
class ChatResumeAfterKillTest {
    static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label, rm, ppo]", "device=cpu", "seed=3",
            "chat.world.topics=2", "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2",
            "chat.world.values=4", "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8",
            "chat.model.hidden=16", "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3",
            "chat.sft.batch_size=10", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=40", "chat.ppo.iterations=30", "chat.ppo.batch_prompts=32", "chat.ppo.checkpoint_every=4",
            "chat.ppo.label_every=5", "chat.ppo.label_prompts=16", "chat.ppo.rm_replay=16", "chat.ppo.sample_every=0");
    /** sft, label, rm, 30 ppo iterations and the closing ppo-eval line. */
    private static final int LINES = 34;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheUninterruptedMetricsWhenAChatPipelineIsKilledAndResumed() throws Exception {
        Random random = new Random(20261129);
        long[] killAfterLines = {1, 4 + random.nextInt(8), 16 + random.nextInt(10)};

        ChildJvm.KilledAndResumed runs = ChildJvm.killAndResume(dir, TINY, killAfterLines, random, 240);

        assertTrue(runs.kills() >= 2, "only " + runs.kills() + " of the kills landed before the run finished");
        assertEquals(LINES, runs.uninterrupted().size());
        assertEquals(runs.uninterrupted(), runs.resumed(), "metrics after " + runs.kills() + " kills");
    }
}
