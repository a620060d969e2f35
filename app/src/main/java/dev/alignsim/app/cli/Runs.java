package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.RunSummary;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.storage.InvalidRunDirectoryException;
import dev.alignsim.app.report.RunReports;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.rocks.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/** What {@code run} and {@code resume} share: a new run's directory and log, the progress bar and the closing line. */
final class Runs {
    private Runs() {}

    /**
     * Creates the checked run directory, logs into it and runs {@code body}. A run refused after its directory was
     * made (bad input or a store that cannot be made), before it committed anything, leaves nothing behind.
     */
    static void inNewDirectory(Path dir, Consumer<RunDirectory> body) {
        RunDirectory run = RunDirectory.createNew(dir);
        RunLog.attach(dir);
        try {
            body.accept(run);
        } catch (InvalidSettingsException | InvalidArgumentException | InvalidRunDirectoryException | StoreException e) {
            if (nothingCommitted(run)) {
                RunLog.detach();
                run.discard();
            }
            throw e;
        }
    }

    /** Every commit appends a metrics line: without one, the run has nothing to resume. */
    private static boolean nothingCommitted(RunDirectory run) {
        try {
            return !Files.exists(run.metricsPath()) || Files.size(run.metricsPath()) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a control world's experiment with the progress bar, then prints the closing line. */
    static RunSummary execute(Config resolved, ExperimentSettings settings, Device device, RunDirectory directory, boolean progress,
            Function<ExperimentRunner.Run, RunSummary> body) {
        RunSummary summary;
        try (ConsoleProgress bar = ConsoleProgress.start(settings, progress)) {
            summary = body.apply(ExperimentRunner.Run.of(settings, device, directory, bar).withSystemConfig(resolved));
        }
        Console.say(String.format(Locale.ROOT, "done: %d steps (%d in this process, %.1f s, %.0f steps/s), episode_return_mean %.2f; "
                        + "metrics in %s", summary.envSteps(), summary.stepsThisProcess(), summary.wallSeconds(),
                summary.stepsPerSecond(), summary.finalEpisodeReturnMean(), directory.metricsPath()));
        RunReports.writeAfterRun(directory.root());
        return summary;
    }
}
