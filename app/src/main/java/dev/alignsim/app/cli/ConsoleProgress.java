package dev.alignsim.app.cli;

import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.ProgressListener;
import dev.alignsim.app.console.ProgressDisplay;
import java.util.Locale;
import java.util.Optional;

/** A control world's progress: environment steps, with the mean episode return and steps/s. */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    private final Optional<ProgressDisplay> display;

    private ConsoleProgress(Optional<ProgressDisplay> display) {
        this.display = display;
    }

    /** A bar when {@code wanted} and on a terminal; else nothing is shown. */
    static ConsoleProgress start(ExperimentSettings settings, boolean wanted) {
        long total = (long) settings.iterations() * settings.batchSize();
        return new ConsoleProgress(ProgressDisplay.start(wanted, settings.env().id(), total, " steps", true));
    }

    @Override
    public void onIteration(Progress progress) {
        display.ifPresent(d -> d.stepTo(progress.envSteps(), String.format(Locale.ROOT, " return %.1f | %.0f steps/s",
                progress.episodeReturnMean(), progress.stepsPerSecond())));
    }

    @Override
    public void close() {
        display.ifPresent(ProgressDisplay::close);
    }
}
