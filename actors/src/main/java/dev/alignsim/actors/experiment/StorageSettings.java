package dev.alignsim.actors.experiment;

/**
 * How a run uses its store.
 *
 * @param checkpointEvery iterations between checkpoints (the last iteration always checkpoints); a crash costs at
 *     most this many iterations
 * @param keepIterations experience retention: 0 keeps every iteration, N keeps the last N
 * @param syncCommits fsync each commit, to survive power loss as well as a process kill
 */
public record StorageSettings(int checkpointEvery, int keepIterations, boolean syncCommits) {
    public StorageSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("storage.checkpoint_every must be >= 1, got " + checkpointEvery);
        }
        if (keepIterations < 0) {
            throw new IllegalArgumentException("storage.keep_iterations must be >= 0 (0 keeps all), got " + keepIterations);
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(10, 0, false);
    }
}
