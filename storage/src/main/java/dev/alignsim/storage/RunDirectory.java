package dev.alignsim.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The files of one run: {@code config.conf} (the resolved configuration), {@code metrics.jsonl},
 * {@code weights/} (final networks) and {@code store/} (the RocksDB {@link RunStore}). A new run refuses a directory that already holds a run, so nothing
 * written before is overwritten.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.conf";
    public static final String METRICS = "metrics.jsonl";
    public static final String WEIGHTS = "weights";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates {@code root} (and parents) for a new run; fails if it already holds a run's files. */
    public static RunDirectory createNew(Path root) {
        if (Files.exists(root.resolve(METRICS)) || Files.exists(root.resolve(CONFIG))) {
            throw new IllegalArgumentException("run directory " + root + " already holds a run (" + CONFIG + " or "
                    + METRICS + " exists); choose another --out or remove it");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("run directory " + root + " exists and is not a directory");
        }
        try {
            Files.createDirectories(root.resolve(WEIGHTS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root, e);
        }
        return new RunDirectory(root);
    }

    /** An existing run directory (to resume): it must hold the files a run writes. */
    public static RunDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a run directory: "
                    + (Files.exists(root) ? "it is not a directory" : "it does not exist"));
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path metricsPath() {
        return root.resolve(METRICS);
    }

    public void writeConfig(String resolvedConfig) {
        try {
            Files.writeString(root.resolve(CONFIG), resolvedConfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(CONFIG), e);
        }
    }

    public MetricsLog openMetrics() {
        return new MetricsLog(metricsPath());
    }

    /**
     * Replaces metrics.jsonl with exactly these lines (a resumed run keeps the lines its store committed and drops
     * any written after the last checkpoint); written to a temporary file and moved into place.
     */
    public void rewriteMetrics(List<String> lines) {
        Path tmp = root.resolve(METRICS + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, metricsPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + metricsPath(), e);
        }
    }

    /** Writes {@code weights/<name>.bin}. */
    public Path writeWeights(String name, List<StoredTensor> tensors) {
        Path path = root.resolve(WEIGHTS).resolve(name + ".bin");
        TensorFile.write(path, tensors);
        return path;
    }
}
