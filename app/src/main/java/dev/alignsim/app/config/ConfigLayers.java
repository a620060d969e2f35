package dev.alignsim.app.config;

import static dev.alignsim.app.config.SettingsLoader.ROOT;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layers of a run's settings before they are read: the defaults, a config file, {@code --set} overrides or a
 * run's stored configuration. Refuses, naming the file or key, what cannot be parsed, keys the defaults do not have
 * (renamed ones with their new name) and values of the wrong type.
 */
final class ConfigLayers {
    private ConfigLayers() {}

    /** The config file's settings, under {@code alignsim}. */
    static Config file(Path configFile) {
        if (!Files.exists(configFile)) {
            throw new InvalidSettingsException("config file " + configFile + " does not exist; expected a HOCON file such as "
                    + "examples/cartpole.conf");
        }
        if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
            throw new InvalidSettingsException("config file " + configFile + " is " + (Files.isDirectory(configFile)
                    ? "a directory" : "not a readable file") + "; expected a readable HOCON file such as examples/cartpole.conf");
        }
        try {
            return qualify(ConfigFactory.parseFile(configFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
        } catch (ConfigException e) {
            throw new InvalidSettingsException("config file " + configFile + " is not valid HOCON: " + e.getMessage());
        }
    }

    /** {@code key=value}; a key without {@code alignsim.} or {@code pekko.} is taken to be under {@code alignsim}. */
    static Config override(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new InvalidSettingsException("--set " + override + ": expected key=value, e.g. --set seed=2");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        try {
            ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new InvalidSettingsException("--set " + override + ": '" + key + "' is not a setting's name; expected a key "
                    + "such as ppo.gamma or chat.model.hidden");
        }
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(SettingReader.FROM_SET);
        try {
            return qualify(ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value), options));
        } catch (ConfigException e) {
            // An unquoted string HOCON cannot parse (a path with ':' for example) is taken literally.
            return qualify(ConfigFactory.parseMap(Map.of(key, value), SettingReader.FROM_SET));
        }
    }

    /** A run's stored configuration, as {@link SettingsLoader#render} wrote it, under today's names. */
    static Config stored(String storedConfig) {
        try {
            ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(SettingReader.FROM_STORE);
            return RenamedSettings.migrate(ConfigFactory.parseString(storedConfig, options));
        } catch (ConfigException e) {
            throw new InvalidSettingsException("the run's stored configuration is not valid HOCON: " + e.getMessage());
        }
    }

    /** {@code user} over the defaults, resolved and type-checked against them; unknown keys refused first. */
    static Config merge(Config user, Config reference) {
        rejectUnknownKeys(user, reference);
        Config merged;
        try {
            merged = user.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new InvalidSettingsException("cannot resolve the settings: " + e.getMessage());
        }
        try {
            merged.checkValid(reference, ROOT);
        } catch (ConfigException.ValidationFailed e) {
            ConfigException.ValidationProblem first = e.problems().iterator().next();
            throw new InvalidSettingsException(SettingReader.given(merged, first.path()) + ": expected "
                    + kind(reference.getValue(first.path()).valueType()));
        }
        return merged;
    }

    private static String kind(ConfigValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case LIST -> "a list [...]";
            case OBJECT -> "a block { ... } of settings";
            case NULL -> "null";
        };
    }

    private static Config qualify(Config config) {
        Config out = ConfigFactory.empty();
        for (String top : config.root().keySet()) {
            ConfigValue value = config.root().get(top);
            String path = top.equals(ROOT) || top.equals("pekko") ? top : ROOT + "." + ConfigUtil.joinPath(top);
            out = out.withValue(path, value);
        }
        return out;
    }

    private static void rejectUnknownKeys(Config user, Config reference) {
        List<String> unknown = new ArrayList<>();
        collectUnknown(user.root(), "", reference, unknown);
        for (String path : unknown) {
            RenamedSettings.covering(path).ifPresent(renamed -> {
                throw renamed.refusal(path);
            });
        }
        if (!unknown.isEmpty()) {
            String path = unknown.get(0);
            List<String> parts = ConfigUtil.splitPath(path);
            String parent = ROOT;
            for (int n = parts.size() - 1; n > 1; n--) {
                String candidate = ConfigUtil.joinPath(parts.subList(0, n));
                if (reference.hasPath(candidate) && reference.getValue(candidate).valueType() == ConfigValueType.OBJECT) {
                    parent = candidate;
                    break;
                }
            }
            Set<String> siblings = new TreeSet<>(reference.getConfig(parent).root().keySet());
            throw new InvalidSettingsException("unknown setting " + String.join(", ", unknown) + "; known settings under " + parent
                    + ": " + String.join(", ", siblings) + " (every key, with its meaning, is in app/src/main/resources/reference.conf)");
        }
    }

    /** Every leaf path of {@code user} under alignsim that the defaults lack, null-valued leaves included. */
    private static void collectUnknown(ConfigObject object, String prefix, Config reference, List<String> unknown) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? ConfigUtil.joinPath(e.getKey()) : prefix + "." + ConfigUtil.joinPath(e.getKey());
            if (!path.equals(ROOT) && !path.startsWith(ROOT + ".")) {
                continue;
            }
            boolean known = path.equals(ROOT) || reference.hasPathOrNull(path);
            if (e.getValue() instanceof ConfigObject child && known
                    && (path.equals(ROOT) || reference.getValue(path).valueType() == ConfigValueType.OBJECT)) {
                collectUnknown(child, path, reference, unknown);
            } else if (!known) {
                unknown.add(path);
            }
        }
    }
}
