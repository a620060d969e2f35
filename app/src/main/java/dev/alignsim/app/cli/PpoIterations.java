package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.config.SettingsLoader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One numbering of ChatWorld's PPO iterations everywhere: metrics.jsonl, the log, the progress bar and
 * {@code summary --rlhf} number them 1..N as {@code ppo/iteration}; the store keys them as the run's iterations
 * {@code base..base+N-1} (base: the ppo stage's index), which is each record's {@code iteration}. Exported rows of
 * the ppo stage get {@code ppo/iteration} beside it.
 *
 * @param base the run iteration of PPO iteration 1
 * @param iterations N
 */
record PpoIterations(long base, int iterations) {
    static final String FIELD = "ppo/iteration";

    /** The numbering of a run whose stored configuration is {@code storedConfig}; empty without a ppo, rloo or grpo stage. */
    static Optional<PpoIterations> of(String storedConfig) {
        Config config;
        try {
            config = SettingsLoader.loadStored(storedConfig);
        } catch (InvalidSettingsException e) {
            // A store written by hand (tests) or a configuration this build cannot read: rows stay as stored.
            return Optional.empty();
        }
        if (!SettingsLoader.isChat(config)) {
            return Optional.empty();
        }
        List<StageName> pipeline = SettingsLoader.chat(config).pipeline();
        StageName method = StageName.method(pipeline);
        int index = method != null && method.isPolicyGradient() ? pipeline.indexOf(method) : -1;
        return index < 0 ? Optional.empty() : Optional.of(new PpoIterations(index, SettingsLoader.rlhf(config).iterations()));
    }

    /** Puts {@code ppo/iteration} right after {@code iteration} in a row of a PPO iteration. */
    void number(ObjectNode row) {
        long iteration = row.path("iteration").asLong(-1);
        if (row.has(FIELD) || iteration < base || iteration >= base + iterations) {
            return;
        }
        ObjectNode rest = row.deepCopy();
        row.removeAll();
        row.put("iteration", iteration);
        row.put(FIELD, iteration - base + 1);
        for (Iterator<Map.Entry<String, JsonNode>> it = rest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("iteration")) {
                row.set(field.getKey(), field.getValue());
            }
        }
    }
}
