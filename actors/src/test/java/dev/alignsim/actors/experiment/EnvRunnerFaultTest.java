package dev.alignsim.actors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.CartPole;
import dev.alignsim.env.Env;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An env runner whose environment throws: the runner reports the failure, and the coordinator restores every role
 * from the last checkpoint, a bounded number of times.
 */
class EnvRunnerFaultTest {

    /** CartPole that throws on chosen steps counted over all copies (so the fault hits one runner, mid-rollout). */
    private static final class FaultyCartPole implements Env {
        private final CartPole inner = new CartPole();
        private final AtomicInteger stepsSoFar;
        private final int failAt;
        private final int failures;

        FaultyCartPole(AtomicInteger stepsSoFar, int failAt, int failures) {
            this.stepsSoFar = stepsSoFar;
            this.failAt = failAt;
            this.failures = failures;
        }

        @Override
        public double step(float[] actions, int offset) {
            int n = stepsSoFar.incrementAndGet();
            if (n >= failAt && n < failAt + failures) {
                throw new IllegalStateException("injected fault at step " + n);
            }
            return inner.step(actions, offset);
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public Space observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public Space actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public int maxEpisodeSteps() {
            return inner.maxEpisodeSteps();
        }

        @Override
        public void reset(Rng rng) {
            inner.reset(rng);
        }

        @Override
        public boolean terminated() {
            return inner.terminated();
        }

        @Override
        public void observe(float[] out, int offset) {
            inner.observe(out, offset);
        }

        @Override
        public double[] state() {
            return inner.state();
        }

        @Override
        public void setState(double[] state) {
            inner.setState(state);
        }
    }

    private static List<String> run(Path dir, ExperimentSettings settings, Supplier<Env> envs) throws IOException {
        RunDirectory run = RunDirectory.createNew(dir);
        ExperimentRunner.start(ExperimentRunner.Run.of(settings, Device.cpu(), run, ProgressListener.NONE).withEnvFactory(envs), "test");
        return MetricsFiles.withoutTiming(run.metricsPath());
    }

    @Test
    void shouldWriteTheUninterruptedMetricsWhenARunnerThrowsOnce(@TempDir Path dir) throws IOException {
        ExperimentSettings settings = Settings.fastCartPole(1, Settings.BATCH * 6L, 2);
        List<String> uninterrupted = run(dir.resolve("uninterrupted"), settings, CartPole::new);
        AtomicInteger steps = new AtomicInteger();

        // Step 1300 of all copies together is in iteration 6 (256 steps an iteration), after the checkpoint of 4.
        List<String> metrics = run(dir.resolve("faulty"), settings, () -> new FaultyCartPole(steps, 1300, 1));

        assertEquals(uninterrupted, metrics);
        assertTrue(steps.get() > Settings.BATCH * 6 + Settings.BATCH, "iterations 5 and 6 were not done again: " + steps.get() + " steps");
    }

    @Test
    void shouldFailNamingTheRunnerWhenItKeepsThrowing(@TempDir Path dir) {
        AtomicInteger steps = new AtomicInteger();
        ExperimentSettings settings = Settings.fastCartPole(1, Settings.BATCH * 6L, 2, 4, new ActorSettings(Duration.ofSeconds(60), 2));

        ExperimentFailedException e = assertThrows(ExperimentFailedException.class,
                () -> run(dir.resolve("run"), settings, () -> new FaultyCartPole(steps, 300, Integer.MAX_VALUE / 2)));

        assertTrue(e.getMessage().matches("iteration 1: env-runner-[01] failed: .*injected fault at step \\d+; "
                + "no recovery left \\(alignsim.actors.max_recoveries = 2\\)"), e.getMessage());
    }
}
