package dev.alignsim.app.cli;

import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar over environment steps, with the mean episode return and steps/s. */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;

    private ConsoleProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static ConsoleProgress start(ExperimentSettings settings) {
        long total = (long) settings.iterations() * settings.batchSize();
        return new ConsoleProgress(new ProgressBarBuilder()
                .setTaskName(settings.env().id())
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" steps", 1)
                .hideEta()
                .build());
    }

    @Override
    public void onIteration(Progress progress) {
        bar.stepTo(progress.envSteps());
        bar.setExtraMessage(String.format(" return %.1f | %.0f steps/s", progress.episodeReturnMean(), progress.stepsPerSecond()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
