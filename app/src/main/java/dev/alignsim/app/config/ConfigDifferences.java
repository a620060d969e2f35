package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a run's {@code config.conf} differs from the configuration its store was made with: the settings, compared
 * value by value, so that formatting and comments do not count.
 */
public final class ConfigDifferences {
    private ConfigDifferences() {}

    /**
     * One line per setting that differs, e.g. {@code alignsim.seed: 2 in config.conf, 1 in the store}; empty when
     * both hold the same settings.
     *
     * @throws InvalidSettingsException when {@code file} is not valid HOCON
     */
    public static List<String> between(String stored, String file, String fileName) {
        Config fromStore = ConfigFactory.parseString(stored);
        Config fromFile;
        try {
            fromFile = ConfigFactory.parseString(file);
        } catch (ConfigException e) {
            throw new InvalidSettingsException(fileName + " is not valid HOCON (" + e.getMessage() + "); expected the settings the run "
                    + "was made with: delete it and resume restores it from the store");
        }
        TreeSet<String> paths = new TreeSet<>();
        collect(fromStore, paths);
        collect(fromFile, paths);
        List<String> differences = new ArrayList<>();
        for (String path : paths) {
            String inStore = rendered(fromStore, path);
            String inFile = rendered(fromFile, path);
            if (!inStore.equals(inFile)) {
                differences.add(path + ": " + inFile + " in config.conf, " + inStore + " in the store");
            }
        }
        return differences;
    }

    private static void collect(Config config, TreeSet<String> paths) {
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            paths.add(e.getKey());
        }
        // entrySet leaves out null values (target_kl = null): they are settings too.
        collectNulls(config.root(), "", paths);
    }

    private static void collectNulls(ConfigObject object, String prefix, TreeSet<String> paths) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix + ConfigUtil.joinPath(e.getKey());
            if (e.getValue() instanceof ConfigObject child) {
                collectNulls(child, path + ".", paths);
            } else if (e.getValue().unwrapped() == null) {
                paths.add(path);
            }
        }
    }

    private static String rendered(Config config, String path) {
        if (!config.hasPathOrNull(path)) {
            return "(absent)";
        }
        return config.getIsNull(path) ? "null" : SettingReader.written(config.getValue(path));
    }
}
