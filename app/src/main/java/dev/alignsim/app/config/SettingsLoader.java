package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.alignsim.actors.experiment.ActorSettings;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.StorageSettings;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.EnvId;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.ppo.PpoSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads AlignSim's HOCON settings once: the defaults in {@code reference.conf}, then a config file, then
 * {@code --set key=value} overrides. Unknown keys, wrong types and out-of-range values stop the run before it
 * starts with an {@link InvalidSettingsException} naming the key and what was expected.
 */
public final class SettingsLoader {
    static final String ROOT = "alignsim";

    private SettingsLoader() {}

    /** The merged configuration (user layers over the defaults), validated against the defaults' keys and types. */
    public static Config load(Path configFile, List<String> overrides) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new InvalidSettingsException("config file " + configFile + " does not exist or is not a file");
            }
            try {
                user = qualify(ConfigFactory.parseFile(configFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
            } catch (ConfigException e) {
                throw new InvalidSettingsException("config file " + configFile + " is not valid HOCON: " + e.getMessage());
            }
        }
        for (String override : overrides) {
            user = parseOverride(override).withFallback(user);
        }
        rejectUnknownKeys(user, reference);
        Config merged = user.withFallback(reference);
        try {
            merged = merged.resolve();
            merged.checkValid(reference, ROOT);
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        }
        return merged;
    }

    /** The configuration a run stored (as {@link #render} wrote it), over today's defaults, validated. */
    public static Config loadStored(String storedConfig) {
        Config reference = ConfigFactory.defaultReference();
        Config stored;
        try {
            stored = ConfigFactory.parseString(storedConfig);
        } catch (ConfigException e) {
            throw new InvalidSettingsException("the run's stored configuration is not valid HOCON: " + e.getMessage());
        }
        stored = RenamedSettings.migrate(stored);
        rejectUnknownKeys(stored, reference);
        Config merged = stored.withFallback(reference);
        try {
            merged = merged.resolve();
            merged.checkValid(reference, ROOT);
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        }
        return merged;
    }

    /** {@code key=value}; a key without {@code alignsim.} or {@code pekko.} is taken to be under {@code alignsim}. */
    static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new InvalidSettingsException("--set expects key=value, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        try {
            return qualify(ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value)));
        } catch (ConfigException e) {
            // An unquoted string HOCON cannot parse (a path with ':' for example) is taken literally.
            return qualify(ConfigFactory.parseMap(Map.of(key, value)));
        }
    }

    private static Config qualify(Config config) {
        Config out = ConfigFactory.empty();
        for (String top : config.root().keySet()) {
            ConfigValue value = config.root().get(top);
            String path = top.equals(ROOT) || top.equals("pekko") ? top : ROOT + "." + top;
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
            Set<String> known = new TreeSet<>();
            collectLeaves(reference.getConfig(ROOT).root(), "", known);
            throw new InvalidSettingsException("unknown setting " + String.join(", ", unknown) + "; known settings under "
                    + ROOT + ": " + String.join(", ", known));
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

    private static void collectLeaves(ConfigObject object, String prefix, Set<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof ConfigObject child) {
                collectLeaves(child, path, out);
            } else {
                out.add(path);
            }
        }
    }

    /** The experiment the configuration describes; every key is read by its full path, so errors name it. */
    public static ExperimentSettings experiment(Config config) {
        try {
            List<Integer> hiddenList = config.getIntList(key("hidden"));
            int[] hidden = hiddenList.stream().mapToInt(Integer::intValue).toArray();
            return new ExperimentSettings(env(config), longSetting(config, "seed"), longSetting(config, "total_timesteps"),
                    intSetting(config, "num_envs"), intSetting(config, "num_steps"), intSetting(config, "num_runners"), hidden,
                    device(config), config.getBoolean(key("normalize_observations")), config.getBoolean(key("normalize_rewards")),
                    ppo(config), storage(config), actors(config), FeedbackSettingsLoader.feedback(config));
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingsException) {
                throw e;
            }
            throw new InvalidSettingsException(qualifyMessage(e.getMessage()));
        }
    }

    /** The world {@code alignsim.env} names. */
    static EnvId env(Config config) {
        return named(config, "env", EnvId::of);
    }

    /** Where networks train ({@code alignsim.device}). */
    static DeviceChoice device(Config config) {
        return named(config, "device", DeviceChoice::of);
    }

    /** A string setting looked up by {@code lookup}; its refusal (which lists the valid names) is prefixed with the key. */
    private static <T> T named(Config config, String relative, Function<String, T> lookup) {
        try {
            return lookup.apply(config.getString(key(relative)));
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(key(relative) + ": " + e.getMessage());
        }
    }

    static String key(String relative) {
        return ROOT + "." + relative;
    }

    /** An integer setting; unlike {@code Config.getInt} a fractional value (4.5) is refused, not truncated. */
    static int intSetting(Config config, String relative) {
        return Math.toIntExact(wholeNumber(config, relative, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    static long longSetting(Config config, String relative) {
        return wholeNumber(config, relative, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long wholeNumber(Config config, String relative, long min, long max) {
        Number n = config.getNumber(key(relative));
        double d = n.doubleValue();
        if ((n instanceof Double || n instanceof Float) && (d != Math.rint(d) || d < min || d > max)) {
            throw new InvalidSettingsException(key(relative) + " must be a whole number, got " + n);
        }
        if (n instanceof Long l && (l < min || l > max)) {
            throw new InvalidSettingsException(key(relative) + " is out of range: " + n);
        }
        return n.longValue();
    }

    private static String qualifyMessage(String message) {
        // Settings records name keys like "experiment.num_envs" or "ppo.gamma"; users write them under alignsim.
        return ROOT + "." + message.replaceFirst("^experiment\\.", "");
    }

    private static StorageSettings storage(Config config) {
        return new StorageSettings(intSetting(config, "storage.checkpoint_every"), intSetting(config, "storage.keep_iterations"),
                config.getBoolean(key("storage.sync_commits")));
    }

    private static ActorSettings actors(Config config) {
        return new ActorSettings(config.getDuration(key("actors.ask_timeout")), intSetting(config, "actors.max_recoveries"));
    }

    private static PpoSettings ppo(Config config) {
        String p = "ppo.";
        double targetKl = config.getIsNull(key(p + "target_kl")) ? Double.NaN : config.getDouble(key(p + "target_kl"));
        return new PpoSettings(config.getDouble(key(p + "learning_rate")), config.getBoolean(key(p + "anneal_lr")),
                config.getDouble(key(p + "gamma")), config.getDouble(key(p + "gae_lambda")), intSetting(config, p + "num_minibatches"),
                intSetting(config, p + "update_epochs"), config.getBoolean(key(p + "norm_adv")), config.getDouble(key(p + "clip_coef")),
                config.getBoolean(key(p + "clip_vloss")), config.getDouble(key(p + "ent_coef")), config.getDouble(key(p + "vf_coef")),
                config.getDouble(key(p + "max_grad_norm")), targetKl, config.getDouble(key(p + "adam_epsilon")));
    }

    /** Whether the configuration describes a ChatWorld pipeline rather than a control-world PPO run. */
    public static boolean isChat(Config config) {
        return env(config) == EnvId.CHAT_WORLD;
    }

    /** The ChatWorld pipeline the configuration describes (see {@link ChatSettingsLoader}). */
    public static ChatSettings chat(Config config) {
        return ChatSettingsLoader.chat(config);
    }

    /** The ppo stage of a ChatWorld pipeline (see {@link ChatSettingsLoader}). */
    public static RlhfSettings rlhf(Config config) {
        return ChatSettingsLoader.rlhf(config);
    }

    public static int torchThreads(Config config) {
        int threads = intSetting(config, "torch_threads");
        if (threads < 1) {
            throw new InvalidSettingsException(key("torch_threads") + " must be >= 1, got " + threads);
        }
        return threads;
    }

    public static boolean progress(Config config) {
        return config.getBoolean(ROOT + ".run.progress");
    }

    /** The {@code alignsim} section as HOCON, for the run directory. */
    public static String render(Config config) {
        return config.getConfig(ROOT).atPath(ROOT).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)) ;
    }
}
