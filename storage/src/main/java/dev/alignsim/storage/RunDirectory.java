package dev.alignsim.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of one run: {@code config.conf} (the resolved configuration), {@code metrics.jsonl} and
 * {@code weights/} (final networks). A new run refuses a directory that already holds a run, so nothing
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

    /** Writes {@code weights/<name>.bin}. */
    public Path writeWeights(String name, List<StoredTensor> tensors) {
        Path path = root.resolve(WEIGHTS).resolve(name + ".bin");
        TensorFile.write(path, tensors);
        return path;
    }
}
