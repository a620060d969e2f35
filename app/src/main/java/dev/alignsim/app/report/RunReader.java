package dev.alignsim.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.alignsim.app.cli.InvalidArgumentException;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a run directory's {@code config.conf} and {@code metrics.jsonl} as they are on disk, without the store's
 * lock, so a run still going can be reported: a last line still being written is left out.
 */
final class RunReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "alignsim";

    private RunReader() {}

    /** Reads one run; a path that is not a run directory is refused with {@link IllegalArgumentException} naming it. */
    static RunData read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidArgumentException(dir + " is not a run directory: " + (Files.exists(dir) ? "it is a file" : "it does not exist"));
        }
        Path metrics = dir.resolve(RunDirectory.METRICS);
        Path config = dir.resolve(RunDirectory.CONFIG);
        for (Path required : List.of(config, metrics)) {
            if (!Files.isRegularFile(required)) {
                throw new InvalidArgumentException(dir + " is not a run directory: it holds no " + required.getFileName());
            }
        }
        List<String> text;
        try {
            text = Files.readAllLines(metrics);
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
        List<JsonNode> lines = new ArrayList<>();
        boolean partial = false;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                if (i < text.size() - 1) {
                    throw new InvalidArgumentException(metrics + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage(), e);
                }
                partial = true;
            }
        }
        Path absolute = dir.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? absolute.toString() : absolute.getFileName().toString();
        return new RunData(dir, name, settings(config), lines, partial);
    }

    /** A string without quotes, a list of plain values as {@code [sft, label, rm, ppo]}, anything else as concise JSON. */
    private static String render(ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            return String.valueOf(value.unwrapped());
        }
        if (value instanceof ConfigList list && list.stream().allMatch(v -> v.valueType() != ConfigValueType.OBJECT
                && v.valueType() != ConfigValueType.LIST)) {
            return list.stream().map(v -> String.valueOf(v.unwrapped())).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.render(ConfigRenderOptions.concise());
    }

    /** Every leaf setting, keyed by its path under {@code alignsim} without quotes, strings unquoted. */
    static SortedMap<String, String> settings(Path file) {
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            throw new InvalidArgumentException(file + " is not valid HOCON: " + e.getMessage(), e);
        }
        if (config.hasPath(ROOT)) {
            config = config.getConfig(ROOT);
        }
        SortedMap<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            ConfigValue value = entry.getValue();
            settings.put(String.join(".", ConfigUtil.splitPath(entry.getKey())), render(value));
        }
        return settings;
    }
}
