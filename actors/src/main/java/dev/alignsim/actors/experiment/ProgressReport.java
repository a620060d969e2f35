package dev.alignsim.actors.experiment;

import dev.alignsim.actors.policy.PolicyActor;
import org.slf4j.Logger;

/** Tells the progress listener of every committed iteration, and logs every tenth of the run. */
final class ProgressReport {
    private final ExperimentSettings settings;
    private final ProgressListener listener;
    private final RunClock clock;
    private final Logger log;

    ProgressReport(ExperimentSettings settings, ProgressListener listener, RunClock clock, Logger log) {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.log = log;
    }

    /** The log's first line about the run: how often it checkpoints and how much experience it keeps. */
    void started() {
        StorageSettings storage = settings.storage();
        log.info("store: checkpoint every {} iteration(s); experience kept: {}", storage.checkpointEvery(),
                storage.keepIterations() == 0 ? "every iteration" : "the last " + storage.keepIterations() + " iterations");
    }

    void committed(int iteration, EpisodeWindow episodes, PolicyActor.Trained policy) {
        long envSteps = (long) iteration * settings.batchSize();
        double stepsPerSecond = clock.stepsPerSecond(iteration);
        listener.onIteration(new ProgressListener.Progress(iteration, settings.iterations(), envSteps,
                (long) settings.iterations() * settings.batchSize(), episodes.meanReturn(), stepsPerSecond));
        if (iteration % Math.max(1, settings.iterations() / 10) == 0) {
            log.info("iteration {}/{}: env_steps {}, episode_return_mean {}, approx_kl {}, steps/s {}", iteration,
                    settings.iterations(), envSteps, String.format("%.2f", episodes.meanReturn()),
                    String.format("%.5f", policy.stats().approxKl()), String.format("%.0f", stepsPerSecond));
        }
    }
}
