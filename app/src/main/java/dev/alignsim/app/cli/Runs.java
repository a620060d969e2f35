package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.ProgressListener;
import dev.alignsim.actors.experiment.RunSummary;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.report.RunReports;
import dev.alignsim.policy.device.ComputeDevice;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.storage.RunDirectory;
import java.util.function.Function;

/** What {@code run} and {@code resume} share: engine set-up, the progress bar and the closing line. */
final class Runs {
    private Runs() {}

    /** Configures PyTorch's threads and resolves the device; call before anything is written. */
    static Device prepareEngine(Config resolved, ExperimentSettings settings) {
        TorchThreads.configure(SettingsLoader.torchThreads(resolved));
        return ComputeDevice.resolve(settings.device());
    }

    static RunSummary execute(Config resolved, ExperimentSettings settings, Device device, RunDirectory directory,
            boolean progress, Function<ExperimentRunner.Run, RunSummary> body) {
        RunSummary summary;
        try (ConsoleProgress bar = progress ? ConsoleProgress.start(settings) : null) {
            ProgressListener listener = bar == null ? ProgressListener.NONE : bar;
            summary = body.apply(ExperimentRunner.Run.of(settings, device, directory, listener).withSystemConfig(resolved));
        }
        System.out.printf("alignsim: done: %d steps (%d in this process, %.1f s, %.0f steps/s), episode_return_mean %.2f; "
                        + "metrics in %s%n", summary.envSteps(), summary.stepsThisProcess(), summary.wallSeconds(),
                summary.stepsPerSecond(), summary.finalEpisodeReturnMean(), directory.metricsPath());
        RunReports.writeAfterRun(directory.root());
        return summary;
    }
}
