package dev.alignsim.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files of one run: {@code config.conf} (the resolved configuration), {@code metrics.jsonl},
 * {@code weights/} (final networks) and {@code store/} (the RocksDB {@link RunStore}). A new run takes a new
 * directory or an empty one, never one that holds a run or other files, so nothing written before is overwritten
 * and a run never writes beside a user's files; the checks come before anything is created, and a run refused
 * afterwards can {@link #discard} what it made.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.conf";
    public static final String METRICS = "metrics.jsonl";
    public static final String WEIGHTS = "weights";

    private final Path root;
    /** The outermost directory this run created (its root, or a parent of it), or null when the root existed. */
    private final Path created;
    private volatile Consumer<String> metricsListener = line -> { };

    private RunDirectory(Path root, Path created) {
        this.root = root;
        this.created = created;
    }

    /**
     * Checks, creating nothing, that {@code root} can hold a new run: it does not exist and can be created, or it is
     * an empty directory that can be written.
     *
     * @throws InvalidRunDirectoryException naming the path and what is wrong with it
     */
    public static void checkNew(Path root) {
        if (Files.exists(root.resolve(METRICS)) || Files.exists(root.resolve(CONFIG)) || Files.exists(root.resolve(RunStore.DIRECTORY))) {
            throw new InvalidRunDirectoryException("run directory " + root + " already holds a run (" + CONFIG + ", " + METRICS
                    + " or " + RunStore.DIRECTORY + "/ exists); expected a new directory (choose another --out, or resume it with "
                    + "alignsim resume " + root + ")");
        }
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new InvalidRunDirectoryException("run directory " + root + " exists and is a file; expected a new directory or an "
                        + "empty one");
            }
            Optional<Path> first = firstEntry(root);
            if (first.isPresent()) {
                throw new InvalidRunDirectoryException("run directory " + root + " is not empty (it holds " + first.get().getFileName()
                        + ") and is not a run; expected a new directory or an empty one, so that a run never writes beside other files");
            }
            requireWritable(root, root);
            return;
        }
        Path existing = root.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidRunDirectoryException("run directory " + root + " cannot be created: " + existing + " is a file; expected "
                    + "a path under a directory");
        }
        requireWritable(root, existing);
    }

    private static void requireWritable(Path root, Path directory) {
        if (!Files.isWritable(directory) || !Files.isExecutable(directory)) {
            throw new InvalidRunDirectoryException("run directory " + root + " cannot be " + (directory.equals(root) ? "written" : "created")
                    + ": " + directory + " is not writable; expected a directory you may write in");
        }
    }

    private static Optional<Path> firstEntry(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findFirst();
        } catch (IOException e) {
            throw new InvalidRunDirectoryException("run directory " + directory + " cannot be read: " + e.getMessage());
        }
    }

    /** Creates {@code root} (and parents) for a new run, after {@link #checkNew}. */
    public static RunDirectory createNew(Path root) {
        checkNew(root);
        Path created = Files.exists(root) ? null : outermostMissing(root);
        try {
            Files.createDirectories(root.resolve(WEIGHTS));
        } catch (IOException e) {
            throw new InvalidRunDirectoryException("run directory " + root + " cannot be created: " + e.getMessage());
        }
        return new RunDirectory(root, created);
    }

    private static Path outermostMissing(Path root) {
        Path missing = root.toAbsolutePath();
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        return missing;
    }

    /** An existing run directory (to resume or read). */
    public static RunDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidRunDirectoryException(root + " is not a run directory: "
                    + (Files.exists(root) ? "it is a file" : "it does not exist"));
        }
        return new RunDirectory(root, null);
    }

    /**
     * Removes what this new run made (a run refused after its directory was created): the directories it created,
     * or, when its root existed (empty), everything in it.
     */
    public void discard() {
        Path target = created != null ? created : root;
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(root) || created != null) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + target + " after the run was refused", e);
        }
    }

    public Path root() {
        return root;
    }

    public Path metricsPath() {
        return root.resolve(METRICS);
    }

    public Path configPath() {
        return root.resolve(CONFIG);
    }

    /** Writes config.conf whole (a temporary file renamed into place), replacing any. */
    public void writeConfig(String resolvedConfig) {
        AtomicFiles.replace(configPath(), out -> out.write(resolvedConfig.getBytes(StandardCharsets.UTF_8)));
    }

    /** Tells {@code listener} every line appended to metrics.jsonl from now on (a progress display). */
    public void onMetricsLine(Consumer<String> listener) {
        this.metricsListener = listener;
    }

    public MetricsLog openMetrics() {
        return new MetricsLog(metricsPath(), metricsListener);
    }

    /**
     * Replaces metrics.jsonl with exactly these lines (a resumed run keeps the lines its store committed and drops
     * any written after the last checkpoint); written whole and moved into place.
     */
    public void rewriteMetrics(List<String> lines) {
        AtomicFiles.replace(metricsPath(), out -> {
            for (String line : lines) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    /** Writes {@code weights/<name>.bin}. */
    public Path writeWeights(String name, List<StoredTensor> tensors) {
        Path path = root.resolve(WEIGHTS).resolve(name + ".bin");
        TensorFile.write(path, tensors);
        return path;
    }
}
