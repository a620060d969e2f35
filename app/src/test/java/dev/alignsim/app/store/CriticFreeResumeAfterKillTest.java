package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private static String[] args(String command, Path out, String method) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString(), "--no-progress"));
        for (String s : ChatResumeAfterKillTest.TINY) {
            args.add("--set");
            if (s.startsWith("pipeline=")) {
                args.add("pipeline=[sft, label, rm, " + method + "]");
            } else if (s.startsWith("chat.ppo.iterations=")) {
                args.add("chat.ppo.iterations=" + ITERATIONS);
            } else {
                args.add(s);
            }
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rloo", "grpo"})
    void shouldWriteTheUninterruptedMetricsWhenTheStageIsKilledAndResumed(String method) throws Exception {
        Path reference = dir.resolve("reference");
        Path referenceLog = dir.resolve("reference.log");
        assertEquals(0, ChildJvm.await(ChildJvm.alignsim(referenceLog, args("run", reference, method)), referenceLog, 240),
                Files.readString(referenceLog));

        Path killed = dir.resolve("killed");
        Random random = new Random(method.hashCode());
        long[] killAfterLines = {1, 4 + random.nextInt(6), 11 + random.nextInt(6)};
        int kills = ChildJvm.killRepeatedly(dir, killed, args("run", killed, method), killAfterLines, random, 100, 180);
        Path finalLog = dir.resolve("final.log");
        int exit = ChildJvm.await(ChildJvm.alignsim(finalLog, "resume", killed.toString(), "--no-progress"), finalLog, 240);

        assertEquals(0, exit, Files.readString(finalLog));
        assertTrue(kills >= 2, "only " + kills + " of the kills landed before the run finished");
        List<String> expected = ChildJvm.withoutTiming(reference.resolve("metrics.jsonl"));
        assertEquals(LINES, expected.size());
        assertTrue(expected.get(LINES - 1).contains("\"" + method + "-eval\""), expected.get(LINES - 1));
        assertEquals(expected, ChildJvm.withoutTiming(killed.resolve("metrics.jsonl")), "metrics after " + kills + " kills");
    }
}
