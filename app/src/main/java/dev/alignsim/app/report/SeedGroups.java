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
        TreeSet<String> differing = new TreeSet<>();
        for (SortedMap<String, String> key : keys) {
            TreeSet<String> all = new TreeSet<>(key.keySet());
            keys.forEach(other -> all.addAll(other.keySet()));
            for (String setting : all) {
                if (keys.stream().anyMatch(other -> !String.valueOf(other.get(setting)).equals(String.valueOf(key.get(setting))))) {
                    differing.add(setting);
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        for (SortedMap<String, String> key : keys) {
            List<String> parts = new ArrayList<>();
            for (String setting : differing) {
                parts.add(setting + "=" + key.getOrDefault(setting, "(unset)"));
            }
            String label = parts.isEmpty() ? bySettings.get(key).get(0).env() : String.join(", ", parts);
            groups.add(new Group(label, bySettings.get(key)));
        }
        return groups;
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
