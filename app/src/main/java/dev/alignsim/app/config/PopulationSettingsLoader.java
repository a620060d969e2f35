package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the users' population ({@code chat.population.groups}): a list of {@code { name, share, weights { coverage,
 * correctness, hallucination, safety, refusal_style, over_refusal, length } }}, share and each weight 1 when left out.
 * Every refusal names the entry by its index ({@code alignsim.chat.population.groups[1].share}), the value given and
 * what was expected.
 */
final class PopulationSettingsLoader {
    private static final Set<String> KEYS = Set.of("name", "share", "weights");
    /** The seven gold components, as the settings spell them, in {@link ComponentWeights}' order. */
    static final List<String> COMPONENTS = List.of("coverage", "correctness", "hallucination", "safety", "refusal_style", "over_refusal",
            "length");
    private static final String EXAMPLE = "{ name = \"terse\", share = 1, weights { length = 5 } }";

    private PopulationSettingsLoader() {}

    static UserPopulation population(SettingReader reader, String relative) {
        String path = SettingsLoader.key(relative);
        List<? extends Config> entries;
        try {
            entries = reader.config().getConfigList(path);
        } catch (ConfigException.WrongType e) {
            throw reader.refusal(relative, "a list of user groups, each " + EXAMPLE);
        }
        if (entries.isEmpty()) {
            throw reader.refusal(relative, "at least one user group, e.g. [" + EXAMPLE + "]");
        }
        List<UserGroup> groups = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = path + "[" + i + "]";
            UserGroup group = group(entries.get(i), where);
            Integer first = names.putIfAbsent(group.name(), i);
            if (first != null) {
                throw new InvalidSettingsException(LabelerSettingsLoader.given(entries.get(i), "name", where) + ": the name of "
                        + path + "[" + first + "] too; expected each group's name once");
            }
            groups.add(group);
        }
        return new UserPopulation(groups);
    }

    private static UserGroup group(Config entry, String where) {
        for (String k : entry.root().keySet()) {
            if (!KEYS.contains(k)) {
                throw new InvalidSettingsException(where + " has unknown key '" + k + "'; expected " + new TreeSet<>(KEYS));
            }
        }
        if (!entry.hasPath("name")) {
            throw new InvalidSettingsException(where + " needs a name, e.g. " + EXAMPLE);
        }
        String expectedName = "a non-empty name without '/' or white space (it names the group's metrics, objective/gold/group/<name>)";
        if (entry.getValue("name").valueType() != ConfigValueType.STRING) {
            throw new InvalidSettingsException(LabelerSettingsLoader.given(entry, "name", where) + ": expected " + expectedName);
        }
        String name = entry.getString("name");
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
            throw new InvalidSettingsException(LabelerSettingsLoader.given(entry, "name", where) + ": expected " + expectedName);
        }
        double share = 1.0;
        if (entry.hasPath("share")) {
            share = LabelerSettingsLoader.finite(entry.getValue("share"), where + ".share",
                    "a positive finite number (the group's relative share of the users)");
            if (!(share > 0)) {
                throw new InvalidSettingsException(LabelerSettingsLoader.given(entry, "share", where)
                        + ": expected a positive finite number (the group's relative share of the users)");
            }
        }
        return new UserGroup(name, share, weights(entry, where));
    }

    private static ComponentWeights weights(Config entry, String where) {
        double[] w = {1, 1, 1, 1, 1, 1, 1};
        if (!entry.hasPath("weights")) {
            return ComponentWeights.ones();
        }
        if (entry.getValue("weights").valueType() != ConfigValueType.OBJECT) {
            throw new InvalidSettingsException(LabelerSettingsLoader.given(entry, "weights", where)
                    + ": expected a block of weights, e.g. weights { length = 5 }");
        }
        for (Map.Entry<String, ConfigValue> e : entry.getConfig("weights").root().entrySet()) {
            int c = COMPONENTS.indexOf(e.getKey());
            if (c < 0) {
                throw new InvalidSettingsException(where + ".weights has unknown key '" + e.getKey() + "'; expected the gold components "
                        + COMPONENTS);
            }
            w[c] = LabelerSettingsLoader.finite(e.getValue(), where + ".weights." + e.getKey(),
                    "a finite number (the weight of the gold component " + e.getKey() + "; 1 weighs it as gold does)");
        }
        return new ComponentWeights(w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
    }
}
