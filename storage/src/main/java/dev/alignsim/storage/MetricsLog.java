package dev.alignsim.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code metrics.jsonl}: one JSON object per iteration, keys in insertion order, flushed line by line so that a
 * crash loses at most the line being written. Non-finite numbers are written as {@code null} (JSON has no NaN).
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

    private final Path path;
    private final BufferedWriter writer;
    private final Consumer<String> onLine;
    private boolean closed;

    /** Opens for appending; an existing file keeps its lines. */
    public MetricsLog(Path path) {
        this(path, line -> { });
    }

    /** Opens for appending and tells {@code onLine} each line once it is written (a progress display). */
    public MetricsLog(Path path, Consumer<String> onLine) {
        this.path = path;
        this.onLine = onLine;
        try {
            this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public void append(Map<String, ?> row) {
        appendLine(format(row));
    }

    /** Appends one already formatted line. */
    public void appendLine(String line) {
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics log " + path, e);
        }
        onLine.accept(line);
    }

    /** The JSON line for a row, as {@link #append} writes it. */
    public static String format(Map<String, ?> row) {
        Map<String, Object> clean = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : row.entrySet()) {
            Object v = e.getValue();
            boolean nonFinite = (v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f));
            clean.put(e.getKey(), nonFinite ? null : v);
        }
        try {
            return JSON.writeValueAsString(clean);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format a metrics row", e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close metrics log " + path, e);
            }
        }
    }
}
