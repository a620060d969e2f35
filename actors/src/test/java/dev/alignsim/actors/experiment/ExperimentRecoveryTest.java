package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiny CartPole run (6 iterations, a checkpoint every 2) in which one role crashes or stalls once: every role is
 * restored from the last checkpoint, and the run writes the uninterrupted run's metrics line by line.
 */
class ExperimentRecoveryTest {
    private static final long SEED = 7;
    private static final int ITERATIONS = 6;
    private static final ActorSettings ONE_RECOVERY = new ActorSettings(Duration.ofSeconds(60), 1);
    /** Short, so that a stalled role is noticed at once; recoveries to spare should a busy machine be slower. */
    private static final ActorSettings SHORT_TIMEOUT = new ActorSettings(Duration.ofSeconds(2), 3);

    @TempDir
    static Path dir;

    private static List<String> uninterrupted;
    /** How many messages each role received in the uninterrupted run. */
    private static RoleFaults uninterruptedMessages;

    private static List<String> run(String name, RoleFaults faults, ActorSettings actors) throws IOException {
        RunDirectory run = RunDirectory.createNew(dir.resolve(name));
        ExperimentSettings settings = Settings.fastCartPole(SEED, (long) Settings.BATCH * ITERATIONS, 2, 2, actors);
        RunSummary summary = ExperimentRunner.start(ExperimentRunner.Run.of(settings, Device.cpu(), run, ProgressListener.NONE)
                .withRoleWrapper(faults), "test");
        assertEquals(ITERATIONS, summary.iterations());
        return MetricsFiles.withoutTiming(run.metricsPath());
    }

    /** A message of {@code role} drawn with a seed from those it receives in the uninterrupted run, counted from 1. */
    private static int drawnMessage(String role, long salt) {
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        return 1 + new Random(SEED * 31 + salt + role.hashCode()).nextInt(received);
    }

    @BeforeAll
    static void runOnce() throws IOException {
        uninterruptedMessages = RoleFaults.none();
        uninterrupted = run("uninterrupted", uninterruptedMessages, ONE_RECOVERY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"env-runner-0", "env-runner-1", Roles.POLICY, Roles.CRITIC})
    void shouldWriteTheUninterruptedMetricsWhenARoleCrashes(String role) throws IOException {
        int message = drawnMessage(role, 1);
        RoleFaults faults = RoleFaults.crash(role, message);

        List<String> metrics = run("crash-" + role, faults, ONE_RECOVERY);

        assertEquals(uninterrupted, metrics, role + " crashed on message " + message);
        assertTrue(faults.messagesSeen(role) > uninterruptedMessages.messagesSeen(role),
                role + ": the work after the last checkpoint was not done again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"env-runner-0", "env-runner-1", Roles.POLICY, Roles.CRITIC})
    void shouldWriteTheUninterruptedMetricsWhenARoleDoesNotAnswerInTime(String role) throws IOException {
        int message = drawnMessage(role, 2);

        List<String> metrics = run("stall-" + role, RoleFaults.stall(role, message), SHORT_TIMEOUT);

        assertEquals(uninterrupted, metrics, role + " did not answer message " + message);
    }

    @Test
    void shouldWriteTheUninterruptedMetricsWhenARoleCrashesBeforeTheFirstCheckpoint() throws IOException {
        // The policy's first message asks for its initial weights: the run goes back to its start.
        assertEquals(uninterrupted, run("crash-at-start", RoleFaults.crash(Roles.POLICY, 1), ONE_RECOVERY));
    }

    @Test
    void shouldWriteTheUninterruptedMetricsWhenARoleCrashesAfterTheLastIteration() throws IOException {
        // The critic's last message asks for its final weights: the run goes back to the last iteration's checkpoint.
        int last = uninterruptedMessages.messagesSeen(Roles.CRITIC);

        assertEquals(uninterrupted, run("crash-at-end", RoleFaults.crash(Roles.CRITIC, last), ONE_RECOVERY));
    }
}
