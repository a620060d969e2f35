package dev.alignsim.env.labelers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry of labeler strategies: every {@link LabelerStrategyProvider} that {@link ServiceLoader} finds
 * on the class path, by name.
 *
 * <p>A name may be a chain {@code "a+b+c"}: a {@link CompositeStrategy} applying a, then b, then c. A chain's
 * parameters are prefixed by their stage's name ({@code "b.beta"}); a stage may appear only once.
 */
public final class LabelerStrategies {

    private LabelerStrategies() {
    }

    private static final class Holder {
        static final Map<String, LabelerStrategyProvider> PROVIDERS = load();

        private static Map<String, LabelerStrategyProvider> load() {
            Map<String, LabelerStrategyProvider> providers = new TreeMap<>();
            for (LabelerStrategyProvider provider
                    : ServiceLoader.load(LabelerStrategyProvider.class, LabelerStrategies.class.getClassLoader())) {
                String name = provider.name();
                if (name == null || name.isBlank() || name.contains("+") || name.contains(".")) {
                    throw new IllegalStateException("labeler strategy provider " + provider.getClass().getName()
                            + " has an invalid name '" + name + "' (non-blank, no '+' or '.')");
                }
                LabelerStrategyProvider previous = providers.putIfAbsent(name, provider);
                if (previous != null) {
                    throw new IllegalStateException("two labeler strategy providers are named '" + name + "': "
                            + previous.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
            return Collections.unmodifiableMap(providers);
        }
    }

    /** The names of all registered strategies, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(Holder.PROVIDERS.keySet());
    }

    /** The provider named {@code name}. @throws IllegalArgumentException listing the known names if none */
    public static LabelerStrategyProvider provider(String name) {
        Objects.requireNonNull(name, "name");
        LabelerStrategyProvider provider = Holder.PROVIDERS.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown labeler strategy '" + name + "'; known strategies: "
                    + names());
        }
        return provider;
    }

    /**
     * A new strategy by name (or chain of names joined by {@code '+'}) with checked parameters.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones), or an unknown, missing,
     *     non-finite or out-of-range parameter (naming it and what was expected)
     */
    public static LabelerStrategy create(String name, Map<String, Double> parameters) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        if (!name.contains("+")) {
            return createOne(name, "", parameters);
        }
        String[] stageNames = name.split("\\+", -1);
        Set<String> seen = new HashSet<>();
        Map<String, Map<String, Double>> byStage = new LinkedHashMap<>();
        for (String stage : stageNames) {
            String trimmed = stage.strip();
            provider(trimmed);
            if (!seen.add(trimmed)) {
                throw new IllegalArgumentException("labeler strategy chain '" + name + "' names '" + trimmed
                        + "' twice; each stage may appear once");
            }
            byStage.put(trimmed, new LinkedHashMap<>());
        }
        for (Map.Entry<String, Double> entry : parameters.entrySet()) {
            String key = Objects.requireNonNull(entry.getKey(), "parameter name");
            int dot = key.indexOf('.');
            Map<String, Double> target = dot < 0 ? null : byStage.get(key.substring(0, dot));
            if (target == null) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for labeler strategy chain '"
                        + name + "'; expected 'stage.parameter' with stage one of " + byStage.keySet());
            }
            target.put(key.substring(dot + 1), entry.getValue());
        }
        List<LabelerStrategy> stages = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> stage : byStage.entrySet()) {
            stages.add(createOne(stage.getKey(), stage.getKey() + ".", stage.getValue()));
        }
        return new CompositeStrategy(stages);
    }

    private static LabelerStrategy createOne(String name, String prefix, Map<String, Double> parameters) {
        LabelerStrategyProvider provider = provider(name);
        Map<String, Double> checked = checkParameters(provider, prefix, parameters);
        return Objects.requireNonNull(provider.create(Collections.unmodifiableMap(checked)),
                "provider " + name + " returned null");
    }

    private static Map<String, Double> checkParameters(
            LabelerStrategyProvider provider, String prefix, Map<String, Double> parameters) {
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        for (ParameterSpec spec : provider.parameters()) {
            specs.put(spec.name(), spec);
        }
        for (String key : parameters.keySet()) {
            if (!specs.containsKey(key)) {
                throw new IllegalArgumentException("unknown parameter '" + prefix + key + "' for labeler strategy '"
                        + provider.name() + "'; expected parameters: " + describe(prefix, specs.values()));
            }
        }
        Map<String, Double> checked = new LinkedHashMap<>();
        for (ParameterSpec spec : specs.values()) {
            Double value = parameters.get(spec.name());
            if (value == null) {
                if (spec.defaultValue() == null) {
                    throw new IllegalArgumentException("missing parameter '" + prefix + spec.name()
                            + "' for labeler strategy '" + provider.name() + "': expected " + spec.expected());
                }
                value = spec.defaultValue();
            } else if (!spec.accepts(value)) {
                throw new IllegalArgumentException("parameter '" + prefix + spec.name() + "' of labeler strategy '"
                        + provider.name() + "' is " + value + ": expected " + spec.expected());
            }
            checked.put(spec.name(), value);
        }
        return checked;
    }

    private static String describe(String prefix, Iterable<ParameterSpec> specs) {
        List<String> parts = new ArrayList<>();
        for (ParameterSpec spec : specs) {
            parts.add(prefix + spec.name() + (spec.defaultValue() == null ? "" : " (default " + spec.defaultValue() + ")")
                    + " in [" + spec.min() + ", " + spec.max() + "]");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
