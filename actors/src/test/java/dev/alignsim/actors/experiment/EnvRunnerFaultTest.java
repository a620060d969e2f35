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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void shouldFinishEveryIterationWhenARunnerThrowsOnce(@TempDir Path dir) throws Exception {
        AtomicInteger steps = new AtomicInteger();
        RunDirectory run = RunDirectory.createNew(dir.resolve("run"));
        ExperimentSettings settings = Settings.fastCartPole(1, 8 * 32 * 6, 2);
        RunSummary summary = ExperimentRunner.start(ExperimentRunner.Run.of(settings, Device.cpu(), run,
                ProgressListener.NONE).withEnvFactory(() -> new FaultyCartPole(steps, 700, 1)), "test");
        assertEquals(6, summary.iterations());
        assertEquals(6, Files.readAllLines(run.metricsPath()).size());
        assertTrue(steps.get() > 8 * 32 * 6, "the failed rollout was redone: " + steps.get() + " steps");
    }

    @Test
    void shouldFailRunNamingTheRunnerWhenItKeepsThrowing(@TempDir Path dir) {
        AtomicInteger steps = new AtomicInteger();
        RunDirectory run = RunDirectory.createNew(dir.resolve("run"));
        ExperimentSettings settings = Settings.fastCartPole(1, 8 * 32 * 6, 2);
        ExperimentFailedException e = assertThrows(ExperimentFailedException.class, () -> ExperimentRunner.start(
                ExperimentRunner.Run.of(settings, Device.cpu(), run, ProgressListener.NONE)
                        .withEnvFactory(() -> new FaultyCartPole(steps, 300, Integer.MAX_VALUE / 2)), "test"));
        assertTrue(e.getMessage().contains("env runner"), e.getMessage());
    }
}
