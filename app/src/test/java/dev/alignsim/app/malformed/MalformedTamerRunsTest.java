package dev.alignsim.app.malformed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TAMER run's bad settings are refused naming the key, and its resume is refused: exit 2, nothing written. */
class MalformedTamerRunsTest {
    private static final List<String> TAMER = List.of("env=CartPole-v1", "feedback.mode=tamer", "total_timesteps=600");

    @TempDir
    Path workspace;

    @Test
    void shouldRefuseWithExitTwoNamingTheKeyWhenTheCreditWindowMissesTheDelay() {
        Refusals.assertRefused(workspace, 2, List.of("alignsim.feedback.tamer.credit_window"), FinishedRuns.runArgs(
                List.of(TAMER.get(0), TAMER.get(1), TAMER.get(2), "feedback.tamer.delay=2"), workspace.resolve("run")));
    }

    @Test
    void shouldRefuseWithExitTwoWhenTamerRunsOnAContinuousWorld() {
        Refusals.assertRefused(workspace, 2, List.of("feedback.mode = tamer", "discrete"), FinishedRuns.runArgs(
                List.of("env=Pendulum-v1", TAMER.get(1), TAMER.get(2)), workspace.resolve("run")));
    }

    @Test
    void shouldRefuseWithExitTwoWhenATamerRunIsResumed() {
        Path run = workspace.resolve("run");
        assertEquals(0, Refusals.execute(FinishedRuns.runArgs(TAMER, run)).exit());

        Refusals.assertRefused(workspace, 2, List.of("TAMER", "cannot be resumed"), "resume", "--no-progress", run.toString());
    }
}
