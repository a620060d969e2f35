package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.labelers.LabelerStrategies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a labeler population ({@code chat.labelers}, {@code chat.sft.demonstrators}): a list of
 * {@code { id, strategy, share, params, group }} ({@code group}: the user group the labeler belongs to, ChatWorld's
 * labelers only). Every refusal names the entry by its index ({@code
 * alignsim.chat.labelers[1].share}), the value given and what was expected.
 */
final class LabelerSettingsLoader {
    private static final Set<String> KEYS = Set.of("id", "strategy", "share", "params", "group");
    private static final String EXAMPLE = "{ id = \"rational\", strategy = \"boltzmann\", params { temperature = 0.1 } }";

    private LabelerSettingsLoader() {}

    static List<LabelerSpec> labelers(SettingReader reader, String relative) {
        String path = SettingsLoader.key(relative);
        List<? extends Config> entries;
        try {
            entries = reader.config().getConfigList(path);
        } catch (ConfigException.WrongType e) {
            throw reader.refusal(relative, "a list of labelers, each " + EXAMPLE);
        }
        List<LabelerSpec> specs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            specs.add(labeler(entries.get(i), path + "[" + i + "]"));
        }
        return specs;
    }

    private static LabelerSpec labeler(Config entry, String where) {
        for (String k : entry.root().keySet()) {
            if (!KEYS.contains(k)) {
                throw new InvalidSettingsException(where + " has unknown key '" + k + "'; expected " + new TreeSet<>(KEYS));
            }
        }
        if (!entry.hasPath("id") || !entry.hasPath("strategy")) {
            throw new InvalidSettingsException(where + " needs an id and a strategy, e.g. " + EXAMPLE);
        }
        String id = string(entry, "id", where, "a name such as \"rational\"");
        String strategy = string(entry, "strategy", where, "a strategy or a chain joined by '+', e.g. \"length_bias+boltzmann\"");
        checkChain(strategy, where);
        Map<String, Double> params = new TreeMap<>();
        if (entry.hasPath("params")) {
            if (entry.getValue("params").valueType() != ConfigValueType.OBJECT) {
                throw new InvalidSettingsException(given(entry, "params", where)
                        + ": expected a block of numbers, e.g. params { temperature = 0.1 }");
            }
            for (Map.Entry<String, ConfigValue> e : entry.getConfig("params").entrySet()) {
                // "length_bias.beta" quoted and length_bias { beta } nested both name the chain stage's parameter.
                String name = String.join(".", ConfigUtil.splitPath(e.getKey()));
                params.put(name, finite(e.getValue(), where + ".params." + name, "a finite number"));
            }
        }
        double share = 1.0;
        if (entry.hasPath("share")) {
            share = finite(entry.getValue("share"), where + ".share", "a finite number >= 0 (the labeler's relative share of labels)");
        }
        String group = null;
        if (entry.hasPath("group")) {
            group = string(entry, "group", where, "the name of a user group of alignsim.chat.population.groups");
        }
        try {
            return new LabelerSpec(id, strategy, params, share, group);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(where + ": " + e.getMessage());
        }
    }

    /** Every link of a chain must name a strategy: {@code boltzmann++flip} has an empty one. */
    private static void checkChain(String strategy, String where) {
        for (String link : strategy.split("\\+", -1)) {
            if (link.isBlank()) {
                throw new InvalidSettingsException(where + ".strategy = \"" + strategy + "\": a link of the chain is empty; expected "
                        + "strategies joined by single '+', each one of " + LabelerStrategies.names());
            }
        }
    }

    private static String string(Config entry, String key, String where, String expected) {
        if (entry.getValue(key).valueType() != ConfigValueType.STRING) {
            throw new InvalidSettingsException(given(entry, key, where) + ": expected " + expected);
        }
        return entry.getString(key);
    }

    /**
     * Refuses a labeler that names a user group the population does not have, naming the entry, the labeler and the
     * known groups.
     */
    static void checkGroups(SettingReader reader, String relative, List<LabelerSpec> specs, UserPopulation population) {
        String path = SettingsLoader.key(relative);
        for (int i = 0; i < specs.size(); i++) {
            LabelerSpec spec = specs.get(i);
            if (spec.group() != null && !population.has(spec.group())) {
                throw new InvalidSettingsException(given(reader.config().getConfigList(path).get(i), "group", path + "[" + i + "]")
                        + ": labeler '" + spec.id() + "' names a group " + SettingsLoader.key("chat.population.groups")
                        + " does not have; expected one of " + population.names());
            }
        }
    }

    static double finite(ConfigValue value, String path, String expected) {
        if (!(value.unwrapped() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidSettingsException(path + " = " + SettingReader.written(value) + SettingReader.where(value.origin())
                    + ": expected " + expected);
        }
        return n.doubleValue();
    }

    static String given(Config entry, String key, String where) {
        ConfigValue value = entry.getValue(key);
        return where + "." + key + " = " + SettingReader.written(value) + SettingReader.where(value.origin());
    }
}
