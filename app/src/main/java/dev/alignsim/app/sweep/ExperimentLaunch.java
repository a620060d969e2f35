package dev.alignsim.app.sweep;

import dev.alignsim.app.cli.RunCompletion;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an experiment of a sweep needs next, read from its run directory, and the child JVM that does it: a
 * complete run is never run again, a stored one is resumed ({@code alignsim resume}: exact), one with no store yet
 * (killed before it made one) or a TAMER run (no checkpoints) is started again from nothing.
 */
public final class ExperimentLaunch {
    private ExperimentLaunch() {}

    /** What the experiment needs. */
    public enum Step { SKIP, RUN, RESUME }

    public static Step next(Sweep sweep, Experiment experiment) {
        Path dir = sweep.run(experiment.name());
        if (!Files.exists(dir)) {
            return Step.RUN;
        }
        if (!Files.isDirectory(dir.resolve(RunStore.DIRECTORY))) {
            wipe(dir);
            return Step.RUN;
        }
        RunCompletion.State state;
        try {
            state = RunCompletion.of(dir);
        } catch (StoreException e) {
            if (committedNothing(dir)) {
                wipe(dir); // killed while its store was being made
                return Step.RUN;
            }
            throw e;
        }
        return switch (state) {
            case COMPLETE -> Step.SKIP;
            case RESUMABLE -> Step.RESUME;
            case NOT_RESUMABLE -> {
                wipe(dir);
                yield Step.RUN;
            }
        };
    }

    /** Starts the child JVM for {@code step} (not SKIP), its output appended to the experiment's log. */
    public static Process start(Sweep sweep, Experiment experiment, Step step, String where) throws IOException {
        Path log = sweep.log(experiment.name());
        Files.createDirectories(log.getParent());
        Files.writeString(log, "---- " + Instant.now() + " " + step.name().toLowerCase() + " on " + where + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> args = switch (step) {
            case RUN -> List.of("run", "--config", sweep.config(experiment.name()).toString(), "--out", sweep.run(experiment.name()).toString(),
                    "--no-progress");
            case RESUME -> List.of("resume", sweep.run(experiment.name()).toString(), "--no-progress");
            case SKIP -> throw new IllegalArgumentException("a complete experiment is not started");
        };
        return ChildProcess.start(log, args);
    }

    private static boolean committedNothing(Path dir) {
        try {
            Path metrics = dir.resolve("metrics.jsonl");
            return !Files.exists(metrics) || Files.size(metrics) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void wipe(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished start of " + dir, e);
        }
    }
}
