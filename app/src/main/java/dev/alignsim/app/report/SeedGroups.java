package dev.alignsim.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs grouped by their settings apart from the seed (and from settings that change how a run is carried out, not
 * what it learns: device, threads, progress bar, the store's and the actors' tuning), as a sweep over seeds is.
 */
final class SeedGroups {
    private static final List<String> IGNORED_PREFIXES = List.of("seed", "run.", "device", "torch_threads", "storage.", "actors.");

    private SeedGroups() {}

    /**
     * Runs with the same settings.
     *
     * @param label the settings that set this group apart from the others ({@code chat.ppo.kl_coef=0.1}), or the world
     *     when there is one group
     */
    record Group(String label, List<RunData> runs) {}

    static List<Group> of(List<RunData> runs) {
        Map<SortedMap<String, String>, List<RunData>> bySettings = new LinkedHashMap<>();
        for (RunData run : runs) {
            bySettings.computeIfAbsent(key(run), k -> new ArrayList<>()).add(run);
        }
        List<SortedMap<String, String>> keys = new ArrayList<>(bySettings.keySet());
        // A setting labels a group when another group that has it too differs in it: groups with different methods
        // hold different settings blocks, and a block one group lacks says nothing about it. Should two labels then
        // read alike, a setting some group lacks labels too, "(unset)" where it is missing.
        List<String> labels = labels(keys, false);
        if (new java.util.HashSet<>(labels).size() < labels.size()) {
            labels = labels(keys, true);
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SortedMap<String, String> key = keys.get(i);
            String label = labels.get(i).isEmpty() ? bySettings.get(key).get(0).env() : labels.get(i);
            groups.add(new Group(label, bySettings.get(key)));
        }
        return groups;
    }

    /** Each group's differing settings; with {@code unset}, also those some group lacks. */
    private static List<String> labels(List<SortedMap<String, String>> keys, boolean unset) {
        TreeSet<String> differing = new TreeSet<>();
        for (SortedMap<String, String> key : keys) {
            TreeSet<String> settings = new TreeSet<>(key.keySet());
            if (unset) {
                keys.forEach(other -> settings.addAll(other.keySet()));
            }
            for (String setting : settings) {
                boolean differs = keys.stream().anyMatch(other -> (unset || other.containsKey(setting))
                        && !String.valueOf(other.get(setting)).equals(String.valueOf(key.get(setting))));
                if (differs) {
                    differing.add(setting);
                }
            }
        }
        List<String> labels = new ArrayList<>();
        for (SortedMap<String, String> key : keys) {
            List<String> parts = new ArrayList<>();
            for (String setting : differing) {
                if (unset || key.containsKey(setting)) {
                    parts.add(setting + "=" + key.getOrDefault(setting, "(unset)"));
                }
            }
            labels.add(String.join(", ", parts));
        }
        return labels;
    }

    private static SortedMap<String, String> key(RunData run) {
        SortedMap<String, String> key = new TreeMap<>();
        run.relevantSettings().forEach((setting, value) -> {
            if (IGNORED_PREFIXES.stream().noneMatch(setting::startsWith)) {
                key.put(setting, value);
            }
        });
        return key;
    }
}
