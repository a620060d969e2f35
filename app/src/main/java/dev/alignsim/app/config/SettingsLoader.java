package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.EnvId;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.methods.DpoSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Reads AlignSim's HOCON settings once: the defaults in {@code reference.conf}, then a config file, then
 * {@code --set key=value} overrides. Every block is checked, whichever world the run is in: unknown keys, wrong
 * types, out-of-range values and sizes that would overflow stop the run before it starts with an
 * {@link InvalidSettingsException} naming the key, the value given and what was expected.
 */
public final class SettingsLoader {
    static final String ROOT = "alignsim";

    private SettingsLoader() {}

    /** The merged configuration (user layers over the defaults), every setting checked. */
    public static Config load(Path configFile, List<String> overrides) {
        Config user = configFile == null ? ConfigFactory.empty() : ConfigLayers.file(configFile);
        for (String override : overrides) {
            user = ConfigLayers.override(override).withFallback(user);
        }
        return checked(ConfigLayers.merge(user, ConfigFactory.defaultReference()));
    }

    /** The configuration a run stored (as {@link #render} wrote it), over today's defaults, every setting checked. */
    public static Config loadStored(String storedConfig) {
        return checked(ConfigLayers.merge(ConfigLayers.stored(storedConfig), ConfigFactory.defaultReference()));
    }

    /** Reads every block once, so that a bad value anywhere is refused before anything is written. */
    private static Config checked(Config config) {
        SettingReader reader = new SettingReader(config);
        EnvId env = env(reader);
        device(reader);
        torchThreads(config);
        progress(config);
        ExperimentSettingsLoader.blocks(reader);
        ChatSettings chat = ChatSettingsLoader.chat(reader);
        RlhfSettings rlhf = ChatSettingsLoader.rlhf(reader);
        ChatSettingsLoader.dpo(reader);
        if (env == EnvId.CHAT_WORLD) {
            SizeLimits.checkRlhf(reader, chat, rlhf);
        } else {
            ExperimentSettingsLoader.experiment(reader, env);
        }
        return config;
    }

    /** The experiment the configuration describes; every key is read by its full path, so errors name it. */
    public static ExperimentSettings experiment(Config config) {
        SettingReader reader = new SettingReader(config);
        return ExperimentSettingsLoader.experiment(reader, env(reader));
    }

    /** The world {@code alignsim.env} names. */
    static EnvId env(SettingReader reader) {
        return named(reader, "env", EnvId::of);
    }

    /** Where networks train ({@code alignsim.device}). */
    static DeviceChoice device(SettingReader reader) {
        return named(reader, "device", DeviceChoice::of);
    }

    /** A string setting looked up by {@code lookup}; its refusal (which lists the valid names) is prefixed with the key. */
    static <T> T named(SettingReader reader, String relative, Function<String, T> lookup) {
        String name = reader.text(relative);
        try {
            return lookup.apply(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(key(relative) + ": " + e.getMessage());
        }
    }

    static String key(String relative) {
        return ROOT + "." + relative;
    }

    /** A record's refusal under the key users write: records name keys like "experiment.num_envs" or "ppo.gamma". */
    static InvalidSettingsException qualified(IllegalArgumentException e) {
        if (e instanceof InvalidSettingsException invalid) {
            return invalid;
        }
        String message = e.getMessage();
        return new InvalidSettingsException(message.startsWith(ROOT + ".") ? message
                : ROOT + "." + message.replaceFirst("^experiment\\.", ""));
    }

    /** Whether the configuration describes a ChatWorld pipeline rather than a control-world PPO run. */
    public static boolean isChat(Config config) {
        return env(new SettingReader(config)) == EnvId.CHAT_WORLD;
    }

    /** The ChatWorld pipeline the configuration describes (see {@link ChatSettingsLoader}). */
    public static ChatSettings chat(Config config) {
        return ChatSettingsLoader.chat(new SettingReader(config));
    }

    /** The ppo stage of a ChatWorld pipeline (see {@link ChatSettingsLoader}). */
    public static RlhfSettings rlhf(Config config) {
        return ChatSettingsLoader.rlhf(new SettingReader(config));
    }

    /** The dpo stage of a ChatWorld pipeline (see {@link ChatSettingsLoader}). */
    public static DpoSettings dpo(Config config) {
        return ChatSettingsLoader.dpo(new SettingReader(config));
    }

    public static int torchThreads(Config config) {
        return new SettingReader(config).count("torch_threads", 1);
    }

    public static boolean progress(Config config) {
        return new SettingReader(config).flag("run.progress");
    }

    /** The {@code alignsim} section as HOCON, for the run directory. */
    public static String render(Config config) {
        return config.getConfig(ROOT).atPath(ROOT).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
