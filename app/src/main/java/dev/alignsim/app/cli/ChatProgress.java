package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.app.console.ProgressDisplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A ChatWorld pipeline's progress, driven by the lines it appends to metrics.jsonl: one step per stage (sft, label,
 * rm) and one per PPO iteration, plus the ppo stage's evaluation. The bar names the stage under way; during ppo
 * it shows the iteration (numbered as {@code ppo/iteration} in metrics.jsonl and the log) and its gold, proxy and KL.
 */
final class ChatProgress implements Consumer<String>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<StageName> pipeline;
    private final int iterations;
    private final Optional<ProgressDisplay> display;
    private long done;
    private int stage;

    private ChatProgress(List<StageName> pipeline, int iterations, Optional<ProgressDisplay> display, long done, int stage) {
        this.pipeline = pipeline;
        this.iterations = iterations;
        this.display = display;
        this.done = done;
        this.stage = stage;
        display.ifPresent(d -> d.stepTo(done, stageMessage()));
    }

    /**
     * @param iterations the ppo stage's iterations (ignored without one)
     * @param storedStages stages the store holds already (a resume)
     * @param storedIterations PPO iterations kept from before (a resume after a checkpoint)
     */
    static ChatProgress start(boolean wanted, List<StageName> pipeline, int iterations, int storedStages, long storedIterations) {
        long total = 0;
        for (StageName name : pipeline) {
            total += units(name, iterations);
        }
        long done = storedIterations;
        for (int i = 0; i < storedStages; i++) {
            done += units(pipeline.get(i), iterations);
        }
        return new ChatProgress(pipeline, iterations, ProgressDisplay.start(wanted, "ChatWorld", total, "", false), done, storedStages);
    }

    private static long units(StageName stage, int iterations) {
        return stage.isPolicyGradient() ? iterations + 1L : 1L;
    }

    /** One line appended to metrics.jsonl: a PPO iteration, or a stage's closing line. */
    @Override
    public synchronized void accept(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics line is not JSON: " + line, e);
        }
        done++;
        if ("ppo".equals(node.path("stage").asText())) {
            display.ifPresent(d -> d.stepTo(done, String.format(Locale.ROOT, " ppo %d/%d: gold %.2f, proxy %.2f, kl %.3f",
                    node.path("ppo/iteration").asInt(), iterations, node.path("objective/gold").asDouble(),
                    node.path("objective/proxy").asDouble(), node.path("objective/kl").asDouble())));
            return;
        }
        stage++;
        display.ifPresent(d -> d.stepTo(done, stageMessage()));
    }

    private String stageMessage() {
        if (stage >= pipeline.size()) {
            return " done";
        }
        return " " + pipeline.get(stage).configName() + " (stage " + (stage + 1) + "/" + pipeline.size() + ")";
    }

    @Override
    public void close() {
        display.ifPresent(ProgressDisplay::close);
    }
}
