package dev.alignsim.actors.experiment;

/** Told after every iteration (from the coordinator's thread); implementations must be quick and thread-safe. */
@FunctionalInterface
public interface ProgressListener {

    /** One finished iteration: where the run is and how it is doing. */
    record Progress(int iteration, int iterations, long envSteps, long totalSteps, double episodeReturnMean, double stepsPerSecond) {}

    void onIteration(Progress progress);

    ProgressListener NONE = progress -> { };
}
