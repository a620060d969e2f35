package dev.alignsim.actors.experiment;

/** The run's time in this process, for the timing fields and the progress: wall time and steps per second. */
final class RunClock {
    private final long startNanos = System.nanoTime();
    private final int batchSize;
    /** The iteration this process started after (0, or the checkpoint it resumed from). */
    private final long startedAfter;

    RunClock(int batchSize, long startedAfter) {
        this.batchSize = batchSize;
        this.startedAfter = startedAfter;
    }

    double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Environment steps this process took to reach the end of {@code iteration} (a resumed run counts from its resume). */
    long stepsThisProcess(int iteration) {
        return (iteration - startedAfter) * batchSize;
    }

    double stepsPerSecond(int iteration) {
        return (iteration - startedAfter) * (double) batchSize / wallSeconds();
    }
}
