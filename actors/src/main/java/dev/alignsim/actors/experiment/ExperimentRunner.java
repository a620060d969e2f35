package dev.alignsim.actors.experiment;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.alignsim.env.Env;
import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.env.Envs;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.rocks.StoreOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs one experiment in an actor system of its own and waits for it to end. */
public final class ExperimentRunner {
    private ExperimentRunner() {}

    /**
     * What to run: settings, where, on which device, from which environments, with which actor-system config, and
     * how its role actors are wrapped ({@link RoleWrapper#NONE} but in tests), and the request that stops it early
     * ({@link StopRequest#process()}, which the command line's signal handlers set, but in tests).
     */
    public record Run(Config systemConfig, ExperimentSettings settings, Device device, Supplier<? extends Env> envFactory,
            RunDirectory directory, ProgressListener listener, RoleWrapper roleWrapper, StopRequest stop) {

        public static Run of(ExperimentSettings settings, Device device, RunDirectory directory, ProgressListener listener) {
            return new Run(ConfigFactory.load(), settings, device, () -> Envs.create(settings.env().id()), directory, listener,
                    RoleWrapper.NONE, StopRequest.process());
        }

        public Run withEnvFactory(Supplier<? extends Env> factory) {
            return new Run(systemConfig, settings, device, factory, directory, listener, roleWrapper, stop);
        }

        public Run withSystemConfig(Config config) {
            return new Run(config, settings, device, envFactory, directory, listener, roleWrapper, stop);
        }

        public Run withRoleWrapper(RoleWrapper wrapper) {
            return new Run(systemConfig, settings, device, envFactory, directory, listener, wrapper, stop);
        }

        public Run withStop(StopRequest request) {
            return new Run(systemConfig, settings, device, envFactory, directory, listener, roleWrapper, request);
        }
    }

    /**
     * A new run: creates the store (recording {@code resolvedConfig}) and runs every iteration; TAMER's in its own
     * coordinator ({@link TamerRun}).
     */
    public static RunSummary start(Run run, String resolvedConfig) {
        RunStore store = RunStore.create(run.directory().root(), resolvedConfig, storeOptions(run.settings()));
        if (run.settings().feedback().tamerMode()) {
            return TamerRun.start(run, store);
        }
        return execute(run, store, null);
    }

    /** A resumed run: continues after the store's checkpoint (the caller has truncated what came after it). */
    public static RunSummary resume(Run run, RunStore store, Checkpoint checkpoint) {
        if (run.settings().feedback().tamerMode()) {
            throw new IllegalStateException("a TAMER run stores no checkpoint and cannot be resumed");
        }
        return execute(run, store, checkpoint);
    }

    public static StoreOptions storeOptions(ExperimentSettings settings) {
        return StoreOptions.defaults().withSyncCommits(settings.storage().syncCommits());
    }

    private static RunSummary execute(Run run, RunStore store, Checkpoint checkpoint) {
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        ActorSystem<Experiment.Command> system = ActorSystem.create(Experiment.create(run, store, checkpoint, done), "alignsim",
                run.systemConfig());
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
            // Terminating stops the Replay actor, which flushes and closes the store: wait for it.
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the result is known; a slow shutdown is not worth hiding it
            }
        }
    }
}
