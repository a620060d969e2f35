package dev.alignsim.app.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.app.cli.InvalidArgumentException;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.config.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep's root directory: {@code sweep.json} (the manifest: every experiment's name, settings and seed),
 * {@code configs/NAME.conf} (each experiment's whole resolved settings, checked before anything runs, so that a node
 * needs nothing but the root), {@code runs/NAME/} (its run directory and store) and {@code logs/NAME.log} (its
 * child processes' output).
 */
public final class Sweep {
    public static final String MANIFEST = "sweep.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<Experiment> experiments;

    private Sweep(Path root, List<Experiment> experiments) {
        this.root = root;
        this.experiments = List.copyOf(experiments);
    }

    public Path root() {
        return root;
    }

    public List<Experiment> experiments() {
        return experiments;
    }

    public Path config(String name) {
        return root.resolve("configs").resolve(name + ".conf");
    }

    public Path run(String name) {
        return root.resolve("runs").resolve(name);
    }

    public Path log(String name) {
        return root.resolve("logs").resolve(name + ".log");
    }

    /** Whether {@code dir} holds a sweep's manifest. */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * The sweep's experiments with their resolved settings, each checked as {@code alignsim run} checks them; writes
     * the manifest and the configs into {@code root}. A root that already holds a sweep must hold this one (same
     * experiments, same settings): then nothing is rewritten and finished experiments stay finished.
     */
    public static Sweep prepare(SweepFile file, Path root) {
        Map<Experiment, String> configs = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Map<String, String> point : file.points()) {
            for (long seed : file.seeds()) {
                String name = Experiment.nameOf(point, seed);
                if (!names.add(name)) {
                    name = name.replaceFirst("-seed" + seed + "$", "") + "-" + Experiment.hash(point.toString()) + "-seed" + seed;
                    names.add(name);
                }
                Experiment experiment = new Experiment(name, point, seed);
                try {
                    configs.put(experiment, SettingsLoader.render(SettingsLoader.load(file.base(), experiment.overrides())));
                } catch (InvalidSettingsException e) {
                    throw new InvalidSettingsException("sweep file " + file.file() + ": experiment " + name + " (" + experiment.label() + ", seed "
                            + seed + "): " + e.getMessage());
                }
            }
        }
        Sweep sweep = new Sweep(root, new ArrayList<>(configs.keySet()));
        if (isSweep(root)) {
            sweep.requireSame(open(root), configs);
            return sweep;
        }
        sweep.write(file, configs);
        return sweep;
    }

    /** The sweep a root holds, as its manifest lists it. */
    public static Sweep open(Path root) {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidArgumentException(root + " is not a sweep's root: it holds no " + MANIFEST + "; expected the --root of alignsim "
                    + "sweep");
        }
        try {
            JsonNode json = JSON.readTree(manifest.toFile());
            List<Experiment> experiments = new ArrayList<>();
            for (JsonNode e : json.path("experiments")) {
                Map<String, String> settings = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = e.path("settings").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> s = it.next();
                    settings.put(s.getKey(), s.getValue().asText());
                }
                experiments.add(new Experiment(e.path("name").asText(), settings, e.path("seed").asLong()));
            }
            if (experiments.isEmpty()) {
                throw new InvalidArgumentException(manifest + " lists no experiments; expected a manifest written by alignsim sweep");
            }
            return new Sweep(root, experiments);
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read " + manifest + ": " + e.getMessage() + "; expected a manifest written by alignsim sweep", e);
        }
    }

    /** The experiment of this name, or a refusal naming the root. */
    public Experiment experiment(String name) {
        return experiments.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("experiment " + name + " is not in " + root.resolve(MANIFEST)));
    }

    private void requireSame(Sweep existing, Map<Experiment, String> configs) {
        List<String> before = existing.experiments.stream().map(Experiment::name).sorted().toList();
        List<String> now = experiments.stream().map(Experiment::name).sorted().toList();
        if (!before.equals(now)) {
            throw new InvalidArgumentException(root + " holds another sweep (" + before.size() + " experiments, " + MANIFEST
                    + "); this sweep file has " + now.size() + (before.size() == now.size() ? " other ones" : "") + "; expected the same sweep "
                    + "(to resume it) or another --root");
        }
        for (Map.Entry<Experiment, String> e : configs.entrySet()) {
            Path config = config(e.getKey().name());
            try {
                if (!Files.readString(config).equals(e.getValue())) {
                    throw new InvalidArgumentException(root + " holds experiment " + e.getKey().name() + " with other settings (" + config
                            + "; the base config changed?); expected the same sweep (to resume it) or another --root");
                }
            } catch (IOException x) {
                throw new InvalidArgumentException("cannot read " + config + ": " + x.getMessage() + "; expected the config alignsim sweep wrote");
            }
        }
    }

    private void write(SweepFile file, Map<Experiment, String> configs) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("sweep_file", file.file().toAbsolutePath().toString());
        manifest.put("base", file.base().toAbsolutePath().toString());
        ArrayNode list = manifest.putArray("experiments");
        try {
            Files.createDirectories(root.resolve("configs"));
            Files.createDirectories(root.resolve("runs"));
            Files.createDirectories(root.resolve("logs"));
            for (Map.Entry<Experiment, String> e : configs.entrySet()) {
                ObjectNode node = list.addObject();
                node.put("name", e.getKey().name());
                node.put("seed", e.getKey().seed());
                ObjectNode settings = node.putObject("settings");
                e.getKey().settings().forEach(settings::put);
                Files.writeString(config(e.getKey().name()), e.getValue());
            }
            // The manifest last, through a rename: a root with a manifest has every config.
            Path tmp = root.resolve(MANIFEST + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), manifest);
            Files.move(tmp, root.resolve(MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep into " + root, e);
        }
    }
}
