package dev.alignsim.app.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.alignsim.app.config.InvalidSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep file, read once and checked: the base experiment, the settings points (the product of {@code grid} with
 * each entry of {@code runs}) and the seeds. Every refusal names the file and the key.
 *
 * @param file the sweep file
 * @param base the base experiment's config file (relative paths are taken from the sweep file's directory)
 * @param points the settings overrides of each point, keys without {@code alignsim.}, values as HOCON
 * @param seeds the seeds every point runs with
 */
public record SweepFile(Path file, Path base, List<Map<String, String>> points, List<Long> seeds) {
    private static final Set<String> KEYS = Set.of("base", "grid", "runs", "seeds");

    public SweepFile {
        points = List.copyOf(points);
        seeds = List.copyOf(seeds);
    }

    public static SweepFile read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidSettingsException("sweep file " + file + " is not a readable file; expected a HOCON file with base, "
                    + "seeds and grid or runs (see examples/sweep-cartpole.conf)");
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new InvalidSettingsException("sweep file " + file + " is not valid HOCON: " + e.getMessage());
        }
        for (String key : config.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid(file, key, "is not a sweep key; expected base, seeds, grid or runs");
            }
        }
        Path base = base(file, config);
        List<Long> seeds = seeds(file, config);
        Map<String, List<String>> grid = grid(file, config);
        List<Map<String, String>> runs = runs(file, config);
        List<Map<String, String>> points = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            for (String key : grid.keySet()) {
                if (runs.get(r).containsKey(key)) {
                    throw invalid(file, "runs[" + r + "]." + quoted(key), "is also a grid key; expected each setting in grid or in runs, not both");
                }
            }
            for (Map<String, String> gridPoint : product(grid)) {
                Map<String, String> point = new TreeMap<>(runs.get(r));
                point.putAll(gridPoint);
                points.add(point);
            }
        }
        if (new LinkedHashSet<>(points).size() != points.size()) {
            throw invalid(file, "runs", "repeats a point of settings; expected every point once (seeds repeat them)");
        }
        return new SweepFile(file, base, points, seeds);
    }

    private static Path base(Path file, Config config) {
        if (!config.hasPath("base")) {
            throw invalid(file, "base", "is missing; expected the base experiment's config file, e.g. base = \"examples/cartpole-fast.conf\"");
        }
        if (config.getValue("base").valueType() != ConfigValueType.STRING) {
            throw invalid(file, "base", "= " + render(config.getValue("base")) + ": expected a path in quotes");
        }
        Path base = Path.of(config.getString("base"));
        if (!base.isAbsolute() && !Files.exists(base) && file.toAbsolutePath().getParent() != null) {
            base = file.toAbsolutePath().getParent().resolve(base);
        }
        if (!Files.isRegularFile(base)) {
            throw invalid(file, "base", "= \"" + config.getString("base") + "\": no such file; expected an experiment config such as "
                    + "examples/cartpole-fast.conf");
        }
        return base;
    }

    private static List<Long> seeds(Path file, Config config) {
        if (!config.hasPath("seeds") || config.getValue("seeds").valueType() != ConfigValueType.LIST) {
            throw invalid(file, "seeds", (config.hasPath("seeds") ? "= " + render(config.getValue("seeds")) : "is missing")
                    + ": expected a list of seeds, e.g. seeds = [1, 2, 3]");
        }
        List<Long> seeds = new ArrayList<>();
        for (ConfigValue value : config.getList("seeds")) {
            Object unwrapped = value.unwrapped();
            if (!(unwrapped instanceof Integer || unwrapped instanceof Long) || ((Number) unwrapped).longValue() < 0) {
                throw invalid(file, "seeds", "holds " + render(value) + ": expected whole numbers >= 0");
            }
            if (seeds.contains(((Number) unwrapped).longValue())) {
                throw invalid(file, "seeds", "holds " + render(value) + " twice; expected each seed once");
            }
            seeds.add(((Number) unwrapped).longValue());
        }
        if (seeds.isEmpty()) {
            throw invalid(file, "seeds", "is empty; expected at least one seed");
        }
        return seeds;
    }

    private static Map<String, List<String>> grid(Path file, Config config) {
        Map<String, List<String>> grid = new TreeMap<>();
        if (!config.hasPath("grid")) {
            return grid;
        }
        if (config.getValue("grid").valueType() != ConfigValueType.OBJECT) {
            throw invalid(file, "grid", "= " + render(config.getValue("grid")) + ": expected settings with their lists of values, e.g. "
                    + "grid { \"chat.ppo.kl_coef\" = [0.01, 0.05] }");
        }
        for (Map.Entry<String, ConfigValue> e : config.getConfig("grid").entrySet()) {
            String key = setting(file, "grid", e.getKey());
            if (e.getValue().valueType() != ConfigValueType.LIST || ((List<?>) e.getValue().unwrapped()).isEmpty()) {
                throw invalid(file, "grid." + quoted(key), "= " + render(e.getValue()) + ": expected a non-empty list of values");
            }
            List<String> values = new ArrayList<>();
            for (ConfigValue v : config.getConfig("grid").getList(e.getKey())) {
                values.add(render(v));
            }
            grid.put(key, values);
        }
        return grid;
    }

    private static List<Map<String, String>> runs(Path file, Config config) {
        List<Map<String, String>> runs = new ArrayList<>();
        if (!config.hasPath("runs")) {
            runs.add(Map.of());
            return runs;
        }
        if (config.getValue("runs").valueType() != ConfigValueType.LIST || config.getList("runs").isEmpty()) {
            throw invalid(file, "runs", "= " + render(config.getValue("runs")) + ": expected a non-empty list of settings objects, e.g. "
                    + "runs = [ { num_envs = 4 }, { num_envs = 8 } ]");
        }
        List<? extends ConfigValue> list = config.getList("runs");
        for (int r = 0; r < list.size(); r++) {
            if (list.get(r).valueType() != ConfigValueType.OBJECT) {
                throw invalid(file, "runs[" + r + "]", "= " + render(list.get(r)) + ": expected an object of settings");
            }
            Map<String, String> run = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : ((com.typesafe.config.ConfigObject) list.get(r)).toConfig().entrySet()) {
                run.put(setting(file, "runs[" + r + "]", e.getKey()), render(e.getValue()));
            }
            runs.add(run);
        }
        return runs;
    }

    /** A setting's name without quotes or {@code alignsim.}; the seed is refused (seeds has it). */
    private static String setting(Path file, String where, String path) {
        String key = String.join(".", ConfigUtil.splitPath(path));
        if (key.startsWith("alignsim.")) {
            key = key.substring("alignsim.".length());
        }
        if (key.equals("seed")) {
            throw invalid(file, where + ".seed", "is set; expected the seeds in the sweep's seeds list");
        }
        return key;
    }

    private static List<Map<String, String>> product(Map<String, List<String>> grid) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : e.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(e.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }

    private static String quoted(String key) {
        return key.contains(".") ? "\"" + key + "\"" : key;
    }

    private static InvalidSettingsException invalid(Path file, String key, String what) {
        return new InvalidSettingsException("sweep file " + file + ": " + key + " " + what);
    }
}
