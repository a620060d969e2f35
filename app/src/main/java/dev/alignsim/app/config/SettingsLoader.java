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
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.StorageSettings;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.policy.rlhf.KlController;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.env.Envs;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptMixture;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SftSettings;
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
    /** The env id that selects ChatWorld's pipeline. */
    public static final String CHAT_WORLD = "ChatWorld";

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
            String env = config.getString(key("env"));
            if (!Envs.ids().contains(env)) {
                Set<String> worlds = new TreeSet<>(Envs.ids());
                worlds.add(CHAT_WORLD);
                throw new InvalidSettingsException(key("env") + " must be one of " + worlds + ", got '" + env + "'");
            }
            String device = config.getString(key("device")).toLowerCase(Locale.ROOT);
            if (!Set.of("auto", "cpu", "gpu").contains(device)) {
                throw new InvalidSettingsException(key("device") + " must be one of auto, cpu, gpu; got '"
                        + config.getString(key("device")) + "'");
            }
            List<Integer> hiddenList = config.getIntList(key("hidden"));
            int[] hidden = hiddenList.stream().mapToInt(Integer::intValue).toArray();
            return new ExperimentSettings(env, longSetting(config, "seed"), longSetting(config, "total_timesteps"),
                    intSetting(config, "num_envs"), intSetting(config, "num_steps"), intSetting(config, "num_runners"), hidden,
                    device, config.getBoolean(key("normalize_observations")), config.getBoolean(key("normalize_rewards")),
                    ppo(config), storage(config));
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingsException) {
                throw e;
            }
            throw new InvalidSettingsException(qualifyMessage(e.getMessage()));
        }
    }

    private static String key(String relative) {
        return ROOT + "." + relative;
    }

    /** An integer setting; unlike {@code Config.getInt} a fractional value (4.5) is refused, not truncated. */
    private static int intSetting(Config config, String relative) {
        return Math.toIntExact(wholeNumber(config, relative, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private static long longSetting(Config config, String relative) {
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
        return CHAT_WORLD.equals(config.getString(key("env")));
    }

    /** The ChatWorld pipeline the configuration describes; every key is named by its full path in errors. */
    public static ChatSettings chat(Config config) {
        String c = "chat.";
        try {
            ChatWorldSettings world = new ChatWorldSettings(intSetting(config, c + "world.topics"),
                    intSetting(config, c + "world.words_per_topic"), intSetting(config, c + "world.entities"),
                    intSetting(config, c + "world.attributes"), intSetting(config, c + "world.values"),
                    intSetting(config, c + "world.harm_categories"), intSetting(config, c + "world.filler"));
            String m = c + "world.mixture.";
            PromptMixture mixture = new PromptMixture(config.getDouble(key(m + "task")), config.getDouble(key(m + "question")),
                    config.getDouble(key(m + "harmful")), config.getDouble(key(m + "borderline")));
            ChatSettings.ModelWidths model = new ChatSettings.ModelWidths(intSetting(config, c + "model.embedding"),
                    intSetting(config, c + "model.hidden"), intSetting(config, c + "model.layers"),
                    intSetting(config, c + "model.response_length"));
            SftSettings sft = new SftSettings(intSetting(config, c + "sft.epochs"), intSetting(config, c + "sft.batch_size"),
                    config.getDouble(key(c + "sft.learning_rate")), config.getDouble(key(c + "sft.max_grad_norm")));
            ChatSettings.LabelSettings label = new ChatSettings.LabelSettings(intSetting(config, c + "label.prompts"),
                    intSetting(config, c + "label.k"), config.getDouble(key(c + "label.temperature")),
                    config.getDouble(key(c + "label.heldout_fraction")));
            RewardSettings rm = new RewardSettings(intSetting(config, c + "rm.epochs"), intSetting(config, c + "rm.batch_size"),
                    config.getDouble(key(c + "rm.learning_rate")), config.getDouble(key(c + "rm.max_grad_norm")),
                    config.getDouble(key(c + "rm.margin")), intSetting(config, c + "rm.ensemble_size"),
                    config.getBoolean(key(c + "rm.init_from_sft")));
            ChatSettings.EvalSettings eval = new ChatSettings.EvalSettings(intSetting(config, c + "eval.prompts"),
                    config.getDouble(key(c + "eval.gold_threshold")));
            String device = config.getString(key("device")).toLowerCase(Locale.ROOT);
            ChatSettings settings = new ChatSettings(longSetting(config, "seed"), device, config.getStringList(key("pipeline")), world,
                    config.getDouble(key(c + "world.known_fraction")), mixture, labelers(config, "chat.labelers"), model,
                    intSetting(config, c + "sft.demonstrations"), sft, label, rm, eval, labelers(config, "chat.sft.demonstrators"));
            try {
                // Build the population once now, so that an unknown strategy or parameter stops the run before it starts.
                new ChatWorld(settings).population("check");
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(key("chat.labelers") + ": " + e.getMessage());
            }
            try {
                new ChatWorld(settings).demonstrators("check");
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(key("chat.sft.demonstrators") + ": " + e.getMessage());
            }
            return settings;
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingsException) {
                throw e;
            }
            String message = e.getMessage();
            throw new InvalidSettingsException(message.startsWith(ROOT + ".") ? message : ROOT + "." + message
                    .replaceFirst("^ChatWorldSettings\\.wordsPerTopic", "chat.world.words_per_topic")
                    .replaceFirst("^ChatWorldSettings\\.harmCategories", "chat.world.harm_categories")
                    .replaceFirst("^ChatWorldSettings\\.", "chat.world.").replaceFirst("^PromptMixture\\.", "chat.world.mixture.")
                    .replaceFirst("^labeler '", "chat.labelers: labeler '").replaceFirst("^sft\\.", "chat.sft.")
                    .replaceFirst("^rm\\.", "chat.rm."));
        }
    }

    /** The ppo stage of a ChatWorld pipeline ({@code alignsim.chat.ppo}). */
    public static RlhfSettings rlhf(Config config) {
        String p = "chat.ppo.";
        try {
            SequencePpoSettings ppo = new SequencePpoSettings(config.getDouble(key(p + "learning_rate")),
                    config.getDouble(key(p + "critic_learning_rate")), intSetting(config, p + "update_epochs"),
                    intSetting(config, p + "num_minibatches"), config.getDouble(key(p + "clip_coef")), config.getDouble(key(p + "clip_value")),
                    config.getDouble(key(p + "ent_coef")), config.getDouble(key(p + "max_grad_norm")), config.getDouble(key(p + "gamma")),
                    config.getDouble(key(p + "gae_lambda")), config.getDouble(key(p + "temperature")));
            RlhfSettings settings = new RlhfSettings(intSetting(config, p + "iterations"), intSetting(config, p + "batch_prompts"), ppo,
                    config.getDouble(key(p + "kl_coef")), config.getBoolean(key(p + "adaptive_kl")), config.getDouble(key(p + "kl_target")),
                    config.getDouble(key(p + "kl_horizon")), config.getBoolean(key(p + "critic_from_rm")), intSetting(config, p + "label_every"),
                    intSetting(config, p + "label_prompts"), intSetting(config, p + "rm_replay"), intSetting(config, p + "rm_epochs"),
                    intSetting(config, p + "sample_every"), intSetting(config, p + "checkpoint_every"),
                    config.getDuration(key(p + "ask_timeout")), intSetting(config, p + "max_attempts"));
            // The KL controller checks its own settings: build one now so that a bad value stops the run before it starts.
            if (settings.adaptiveKl()) {
                KlController.adaptive(settings.klCoef(), settings.klTarget(), settings.klHorizon());
            } else {
                KlController.fixed(settings.klCoef());
            }
            return settings;
        } catch (ConfigException e) {
            throw new InvalidSettingsException(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidSettingsException) {
                throw e;
            }
            String message = e.getMessage();
            throw new InvalidSettingsException(message.startsWith("chat.") ? ROOT + "." + message
                    : ROOT + "." + message.replaceFirst("^ppo\\.", "chat.ppo."));
        }
    }

    private static final Set<String> LABELER_KEYS = Set.of("id", "strategy", "share", "params");

    private static List<LabelerSpec> labelers(Config config, String relative) {
        String path = key(relative);
        List<? extends Config> entries = config.getConfigList(path);
        List<LabelerSpec> specs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Config entry = entries.get(i);
            String where = path + "[" + i + "]";
            for (String k : entry.root().keySet()) {
                if (!LABELER_KEYS.contains(k)) {
                    throw new InvalidSettingsException(where + " has unknown key '" + k + "'; expected " + new TreeSet<>(LABELER_KEYS));
                }
            }
            if (!entry.hasPath("id") || !entry.hasPath("strategy")) {
                throw new InvalidSettingsException(where + " needs an id and a strategy, e.g. { id = \"rational\", strategy = "
                        + "\"boltzmann\", params { temperature = 0.1 } }");
            }
            Map<String, Double> params = new java.util.TreeMap<>();
            if (entry.hasPath("params")) {
                for (Map.Entry<String, ConfigValue> e : entry.getConfig("params").entrySet()) {
                    Object value = e.getValue().unwrapped();
                    if (!(value instanceof Number n)) {
                        throw new InvalidSettingsException(where + ".params." + e.getKey() + " must be a number, got " + value);
                    }
                    // "length_bias.beta" quoted and length_bias { beta } nested both name the chain stage's parameter.
                    params.put(String.join(".", ConfigUtil.splitPath(e.getKey())), n.doubleValue());
                }
            }
            double share = 1.0;
            if (entry.hasPath("share")) {
                Object value = entry.getValue("share").unwrapped();
                if (!(value instanceof Number n)) {
                    throw new InvalidSettingsException(where + ".share must be a number (the labeler's relative share of labels), got "
                            + value);
                }
                share = n.doubleValue();
            }
            try {
                specs.add(new LabelerSpec(entry.getString("id"), entry.getString("strategy"), params, share));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(where + ": " + e.getMessage());
            }
        }
        return specs;
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
