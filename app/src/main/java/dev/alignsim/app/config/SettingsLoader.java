package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.env.Envs;
import dev.alignsim.policy.ppo.PpoSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads AlignSim's HOCON settings once: the defaults in {@code reference.conf}, then a config file, then
 * {@code --set key=value} overrides. Unknown keys, wrong types and out-of-range values stop the run before it
 * starts with an {@link InvalidSettingsException} naming the key and what was expected.
 */
public final class SettingsLoader {
    private static final String ROOT = "alignsim";

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
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(ROOT + ".") && !reference.hasPathOrNull(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>();
            for (Map.Entry<String, ConfigValue> e : reference.getConfig(ROOT).entrySet()) {
                known.add(e.getKey());
            }
            known.add("ppo.target_kl");
            throw new InvalidSettingsException("unknown setting " + String.join(", ", unknown) + "; known settings under "
                    + ROOT + ": " + String.join(", ", known));
        }
    }

    /** The experiment the configuration describes. */
    public static ExperimentSettings experiment(Config config) {
        Config c = config.getConfig(ROOT);
        try {
            String env = c.getString("env");
            if (!Envs.ids().contains(env)) {
                throw new InvalidSettingsException("alignsim.env must be one of " + new TreeSet<>(Envs.ids()) + ", got '" + env + "'");
            }
            String device = c.getString("device").toLowerCase(Locale.ROOT);
            if (!Set.of("auto", "cpu", "gpu").contains(device)) {
                throw new InvalidSettingsException("alignsim.device must be one of auto, cpu, gpu; got '" + c.getString("device") + "'");
            }
            List<Integer> hiddenList = c.getIntList("hidden");
            int[] hidden = hiddenList.stream().mapToInt(Integer::intValue).toArray();
            return new ExperimentSettings(env, c.getLong("seed"), c.getLong("total_timesteps"), c.getInt("num_envs"),
                    c.getInt("num_steps"), c.getInt("num_runners"), hidden, device, c.getBoolean("normalize_observations"),
                    c.getBoolean("normalize_rewards"), ppo(c.getConfig("ppo")));
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingsException) {
                throw e;
            }
            throw new InvalidSettingsException(qualifyMessage(e.getMessage()));
        }
    }

    private static String qualifyMessage(String message) {
        // Settings records name keys like "experiment.num_envs" or "ppo.gamma"; users write them under alignsim.
        return ROOT + "." + message.replaceFirst("^experiment\\.", "");
    }

    private static PpoSettings ppo(Config p) {
        double targetKl = p.getIsNull("target_kl") ? Double.NaN : p.getDouble("target_kl");
        return new PpoSettings(p.getDouble("learning_rate"), p.getBoolean("anneal_lr"), p.getDouble("gamma"),
                p.getDouble("gae_lambda"), p.getInt("num_minibatches"), p.getInt("update_epochs"), p.getBoolean("norm_adv"),
                p.getDouble("clip_coef"), p.getBoolean("clip_vloss"), p.getDouble("ent_coef"), p.getDouble("vf_coef"),
                p.getDouble("max_grad_norm"), targetKl, p.getDouble("adam_epsilon"));
    }

    public static int torchThreads(Config config) {
        int threads = config.getInt(ROOT + ".torch_threads");
        if (threads < 1) {
            throw new InvalidSettingsException("alignsim.torch_threads must be >= 1, got " + threads);
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
