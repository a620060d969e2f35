package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.actors.chat.StageName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a report knows of one run: its settings from {@code config.conf} (keys without the leading
 * {@code alignsim.}, values as written) and its {@code metrics.jsonl} lines.
 *
 * @param partialLastLine whether the file ended in a line still being written (a live run), which was left out
 */
record RunData(Path dir, String name, SortedMap<String, String> settings, List<JsonNode> lines, boolean partialLastLine) {
    static final String CHAT_WORLD = "ChatWorld";

    RunData {
        settings = new TreeMap<>(settings);
        lines = List.copyOf(lines);
    }

    boolean chat() {
        return CHAT_WORLD.equals(env());
    }

    String env() {
        return settings.getOrDefault("env", "?");
    }

    String seed() {
        return settings.getOrDefault("seed", "?");
    }

    /**
     * The settings that shape this kind of run: ChatWorld's under {@code chat}, a control world's the rest. Of ChatWorld's
     * method blocks only the run's own counts: {@code chat.dpo} for dpo, {@code chat.bon} for bon, {@code chat.ppo} for
     * the policy-gradient methods and {@code chat.rloo} or {@code chat.grpo} for theirs.
     */
    SortedMap<String, String> relevantSettings() {
        SortedMap<String, String> relevant = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (chat() && !usedByMethod(e.getKey())) {
                continue;
            }
            boolean chatKey = e.getKey().startsWith("chat.") || e.getKey().equals("pipeline");
            boolean shared = List.of("env", "seed", "device", "torch_threads").contains(e.getKey()) || e.getKey().startsWith("actors.")
                    || e.getKey().startsWith("run.");
            if (shared || chatKey == chat()) {
                relevant.put(e.getKey(), e.getValue());
            }
        }
        return relevant;
    }

    /** Whether a ChatWorld setting is read by the run's method stage, or by no method stage in particular. */
    private boolean usedByMethod(String key) {
        StageName method = method().orElse(null);
        if (key.startsWith("chat.ppo.")) {
            return method == null || method.isPolicyGradient();
        }
        for (StageName stage : List.of(StageName.DPO, StageName.BON, StageName.RLOO, StageName.GRPO)) {
            if (key.startsWith("chat." + stage.configName() + ".")) {
                return method == stage;
            }
        }
        return true;
    }

    /** A line's number, NaN where the line has none (absent, or null: metrics write NaN and infinities as null). */
    static double value(JsonNode line, String field) {
        JsonNode node = line.path(field);
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    /** ChatWorld's PPO iterations, in order. */
    /** The lines of one stage, in order (e.g. dpo's epochs). */
    List<JsonNode> lines(String stage) {
        return lines.stream().filter(n -> stage.equals(n.path("stage").asText())).toList();
    }

    List<JsonNode> ppoLines() {
        return lines.stream().filter(n -> n.has("ppo/iteration")).toList();
    }

    /** The ChatWorld pipeline's method stage (ppo, rloo, grpo, dpo, bon), when it has one. */
    Optional<StageName> method() {
        String pipeline = settings.getOrDefault("pipeline", "").replaceAll("[\\[\\]\\s\"]", "");
        for (String name : pipeline.split(",")) {
            try {
                if (StageName.of(name).isMethod()) {
                    return Optional.of(StageName.of(name));
                }
            } catch (IllegalArgumentException e) {
                // not a stage this build knows: no method
            }
        }
        return Optional.empty();
    }

    /**
     * The closing evaluation line of a method that trains a policy ({@code ppo-eval}, {@code rloo-eval}, {@code grpo-eval},
     * {@code dpo-eval}): the reference against the final policy.
     */
    Optional<JsonNode> evalLine() {
        return method().filter(m -> m != StageName.BON).flatMap(m -> stageLine(m.closingLine()));
    }

    /** A ChatWorld stage's line ({@code sft}, {@code label}, {@code rm}, {@code ppo-eval}). */
    Optional<JsonNode> stageLine(String stage) {
        return lines.stream().filter(n -> stage.equals(n.path("stage").asText())).findFirst();
    }

    /** The lines a run's curves are drawn from: PPO iterations for ChatWorld, every line for a control world. */
    List<JsonNode> iterationLines() {
        return chat() ? ppoLines() : lines;
    }

    /** Iterations the settings ask for: ChatWorld's {@code chat.ppo.iterations}, or a control world's batches. */
    long plannedIterations() {
        if (chat()) {
            return method().filter(StageName::isPolicyGradient).isPresent() ? parse("chat.ppo.iterations") : 0;
        }
        long batch = parse("num_envs") * parse("num_steps");
        return batch > 0 ? parse("total_timesteps") / batch : -1;
    }

    /** Whether the run has written everything it will: ChatWorld's closing line, or a control world's last iteration. */
    boolean complete() {
        if (chat()) {
            String pipeline = settings.getOrDefault("pipeline", "");
            String last = method().map(StageName::closingLine)
                    .orElse(pipeline.contains("rm") ? "rm" : pipeline.contains("label") ? "label" : "sft");
            return stageLine(last).isPresent();
        }
        return !lines.isEmpty() && lines.get(lines.size() - 1).path("iteration").asLong() >= plannedIterations();
    }

    private long parse(String key) {
        try {
            return Long.parseLong(settings.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
