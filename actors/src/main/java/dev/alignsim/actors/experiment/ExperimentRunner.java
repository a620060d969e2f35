package dev.alignsim.actors.experiment;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.alignsim.env.Env;
import dev.alignsim.env.Envs;
import dev.alignsim.storage.RunDirectory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs one experiment in an actor system of its own and waits for it to end. */
public final class ExperimentRunner {
    private ExperimentRunner() {}

    public static RunSummary run(ExperimentSettings settings, Device device, RunDirectory run, ProgressListener listener) {
        return run(settings, device, () -> Envs.create(settings.env()), run, listener);
    }

    /** As above, with the actor system configured by {@code systemConfig} (the run's resolved configuration). */
    public static RunSummary run(Config systemConfig, ExperimentSettings settings, Device device, RunDirectory run,
            ProgressListener listener) {
        return run(systemConfig, settings, device, () -> Envs.create(settings.env()), run, listener);
    }

    /** As {@link #run(ExperimentSettings, Device, RunDirectory, ProgressListener)} with a custom environment factory. */
    public static RunSummary run(ExperimentSettings settings, Device device, Supplier<? extends Env> envFactory,
            RunDirectory run, ProgressListener listener) {
        return run(ConfigFactory.load(), settings, device, envFactory, run, listener);
    }

    private static RunSummary run(Config systemConfig, ExperimentSettings settings, Device device,
            Supplier<? extends Env> envFactory, RunDirectory run, ProgressListener listener) {
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        ActorSystem<Experiment.Command> system = ActorSystem.create(
                Experiment.create(settings, device, envFactory, run, listener, done), "alignsim", systemConfig);
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailedException("interrupted while waiting for the experiment");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ExperimentFailedException(String.valueOf(cause));
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down after the result is known: nothing more to report
            }
        }
    }
}
