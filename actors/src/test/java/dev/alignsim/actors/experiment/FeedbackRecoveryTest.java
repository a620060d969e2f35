package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
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
 * A tiny CartPole run from preferences (6 iterations, a checkpoint every 2) in which the reward model or a labeler
 * crashes once: every role is restored from the last checkpoint, and the run writes the uninterrupted run's metrics
 * and stores its comparisons.
 */
class FeedbackRecoveryTest {
    private static final long SEED = 11;
    private static final int ITERATIONS = 6;
    private static final ActorSettings ONE_RECOVERY = new ActorSettings(Duration.ofSeconds(60), 1);

    @TempDir
    static Path dir;

    private static List<String> uninterrupted;
    private static RoleFaults uninterruptedMessages;

    private static List<String> run(String name, RoleFaults faults) throws IOException {
        RunDirectory run = RunDirectory.createNew(dir.resolve(name));
        ExperimentSettings settings = Settings.preferenceCartPole(SEED, (long) Settings.BATCH * ITERATIONS, 2, ONE_RECOVERY);
        RunSummary summary = ExperimentRunner.start(ExperimentRunner.Run.of(settings, Device.cpu(), run, ProgressListener.NONE)
                .withRoleWrapper(faults), "test");
        assertEquals(ITERATIONS, summary.iterations());
        return MetricsFiles.withoutTiming(run.metricsPath());
    }

    @BeforeAll
    static void runOnce() throws IOException {
        uninterruptedMessages = RoleFaults.none();
        uninterrupted = run("uninterrupted", uninterruptedMessages);
    }

    @ParameterizedTest
    @ValueSource(strings = {Roles.REWARD_MODEL, "labeler-0", "labeler-1"})
    void shouldWriteTheUninterruptedMetricsWhenAFeedbackRoleCrashes(String role) throws IOException {
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        int message = 1 + new Random(SEED * 31 + role.hashCode()).nextInt(received);
        RoleFaults faults = RoleFaults.crash(role, message);

        List<String> metrics = run("crash-" + role, faults);

        assertEquals(uninterrupted, metrics, role + " crashed on message " + message);
        assertTrue(faults.messagesSeen(role) > received, role + ": the work after the last checkpoint was not done again");
    }

    @Test
    void shouldStoreEveryComparisonOnceWhenTheRunEnds() throws IOException {
        // 120 labels over the run's 6 iterations are scheduled over total_timesteps, all of them by the last iteration.
        try (RunStore store = RunStore.open(dir.resolve("uninterrupted"), false, StoreOptions.defaults())) {
            assertEquals(120, store.comparisons().range(0, ITERATIONS).size());
        }
        assertTrue(uninterrupted.get(ITERATIONS - 1).contains("\"feedback/labels\":120"), uninterrupted.get(ITERATIONS - 1));
    }
}
