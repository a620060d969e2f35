package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChatResumeAfterKillTest} for the critic-free stages: a child JVM running the tiny pipeline closed by rloo or
 * grpo is killed (SIGKILL) in the first stages and twice inside the method's iterations, resumed each time, and its
 * metrics.jsonl compared with an uninterrupted run's.
 */
class CriticFreeResumeAfterKillTest {
    private static final int ITERATIONS = 16;
    /** sft, label, rm, the iterations and the closing evaluation line. */
    private static final int LINES = 3 + ITERATIONS + 1;

    @TempDir
    Path dir;

    /** The tiny pipeline closed by {@code method}, with fewer iterations. */
    private static List<String> settings(String method) {
        return ChatResumeAfterKillTest.TINY.stream().map(s -> s.startsWith("pipeline=") ? "pipeline=[sft, label, rm, " + method + "]"
                : s.startsWith("chat.ppo.iterations=") ? "chat.ppo.iterations=" + ITERATIONS : s).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rloo", "grpo"})
    void shouldWriteTheUninterruptedMetricsWhenTheStageIsKilledAndResumed(String method) throws Exception {
        Random random = new Random(method.hashCode());
        long[] killAfterLines = {1, 4 + random.nextInt(6), 11 + random.nextInt(6)};

        ChildJvm.KilledAndResumed runs = ChildJvm.killAndResume(dir, settings(method), killAfterLines, random, 240);

        assertTrue(runs.kills() >= 2, "only " + runs.kills() + " of the kills landed before the run finished");
        assertEquals(LINES, runs.uninterrupted().size());
        assertTrue(runs.uninterrupted().get(LINES - 1).contains("\"" + method + "-eval\""), runs.uninterrupted().get(LINES - 1));
        assertEquals(runs.uninterrupted(), runs.resumed(), "metrics after " + runs.kills() + " kills");
    }
}
