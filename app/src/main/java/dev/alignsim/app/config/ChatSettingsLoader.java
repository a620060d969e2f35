package dev.alignsim.app.config;

import static dev.alignsim.app.config.SettingsLoader.ROOT;
import static dev.alignsim.app.config.SettingsLoader.intSetting;
import static dev.alignsim.app.config.SettingsLoader.key;
import static dev.alignsim.app.config.SettingsLoader.longSetting;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptMixture;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SftSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads ChatWorld's settings ({@code alignsim.chat}, {@code alignsim.pipeline}) once into typed settings, with the
 * same rules as {@link SettingsLoader}: every error names the key by its full path and what was expected.
 */
final class ChatSettingsLoader {
    private ChatSettingsLoader() {}

    /** The ChatWorld pipeline the configuration describes; every key is named by its full path in errors. */
    static ChatSettings chat(Config config) {
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
            ChatSettings settings = new ChatSettings(longSetting(config, "seed"), SettingsLoader.device(config), pipeline(config), world,
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
    static RlhfSettings rlhf(Config config) {
        String p = "chat.ppo.";
        try {
            SequencePpoSettings ppo = new SequencePpoSettings(config.getDouble(key(p + "learning_rate")),
                    config.getDouble(key(p + "critic_learning_rate")), intSetting(config, p + "update_epochs"),
                    intSetting(config, p + "num_minibatches"), config.getDouble(key(p + "clip_coef")), config.getDouble(key(p + "clip_value")),
                    config.getDouble(key(p + "ent_coef")), config.getDouble(key(p + "max_grad_norm")), config.getDouble(key(p + "gamma")),
                    config.getDouble(key(p + "gae_lambda")), config.getDouble(key(p + "temperature")));
            return new RlhfSettings(intSetting(config, p + "iterations"), intSetting(config, p + "batch_prompts"), ppo,
                    config.getDouble(key(p + "kl_coef")), config.getBoolean(key(p + "adaptive_kl")), config.getDouble(key(p + "kl_target")),
                    config.getDouble(key(p + "kl_horizon")), config.getBoolean(key(p + "critic_from_rm")), intSetting(config, p + "label_every"),
                    intSetting(config, p + "label_prompts"), intSetting(config, p + "rm_replay"), intSetting(config, p + "rm_epochs"),
                    intSetting(config, p + "sample_every"), intSetting(config, p + "checkpoint_every"),
                    config.getDuration(key(p + "ask_timeout")), intSetting(config, p + "max_recoveries"));
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

    /** The stages of {@code alignsim.pipeline}, each looked up by name (the order is ChatSettings' to check). */
    private static List<StageName> pipeline(Config config) {
        String path = key("pipeline");
        List<String> names = config.getStringList(path);
        List<StageName> stages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                stages.add(StageName.of(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(path + "[" + i + "]: " + e.getMessage());
            }
        }
        return stages;
    }

    private static final Set<String> LABELER_KEYS = Set.of("id", "strategy", "share", "params");

    static List<LabelerSpec> labelers(Config config, String relative) {
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
            Map<String, Double> params = new TreeMap<>();
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

}
