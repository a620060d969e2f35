package dev.alignsim.actors.pipeline;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.PromptMixture;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SftSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A ChatWorld small enough that a whole sft, label, rm pipeline runs in a few seconds on the CPU. */
final class TinyChat {
    static final List<StageName> FULL = List.of(StageName.SFT, StageName.LABEL, StageName.RM);
    /** FULL closed by ppo. */
    static final List<StageName> PPO = List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.PPO);
    /** FULL as the store's stage records and metrics lines write it. */
    static final List<String> FULL_NAMES = List.of("sft", "label", "rm");
    static final int LABEL_PROMPTS = 60;
    static final int K = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyChat() {}

    /** The tiny world's GRU. */
    static final ChatSettings.ModelWidths GRU = new ChatSettings.ModelWidths(8, 16, 1, 8);
    /** A Transformer of the GRU's widths: model width 8 in 2 heads, MLP 16, 1 block. */
    static final ChatSettings.ModelWidths TRANSFORMER = new ChatSettings.ModelWidths(SequenceModelKind.TRANSFORMER, 8, 16, 1, 2, 8);

    static ChatSettings settings(long seed, List<StageName> pipeline) {
        return settings(seed, pipeline, GRU);
    }

    static ChatSettings settings(long seed, List<StageName> pipeline, ChatSettings.ModelWidths model) {
        return settings(seed, pipeline, model, RuleSettings.off());
    }

    /** The tiny world with the rule-based reward set as {@code rules}. */
    static ChatSettings settings(long seed, List<StageName> pipeline, ChatSettings.ModelWidths model, RuleSettings rules) {
        return new ChatSettings(seed, DeviceChoice.CPU, pipeline, ChatWorldSettings.of(2, 4, 4, 2, 4, 2, 4), 0.5,
                new PromptDesign(new PromptMixture(1, 1, 1, 1), 0.25, 0.5), 0.2, List.of(new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.1), 1.0)),
                model, 100, new SftSettings(3, 10, 1e-2, 1.0),
                new ChatSettings.LabelSettings(LABEL_PROMPTS, K, 1.0, 0.2), new RewardSettings(2, 10, 1e-3, 1.0, 0.0, 1, true),
                new ChatSettings.EvalSettings(40, 0.1, 16), List.of(), rules);
    }

    /** The tiny world with these labelers, drawn from these users' groups. */
    static ChatSettings settings(long seed, List<StageName> pipeline, List<LabelerSpec> labelers, UserPopulation population) {
        ChatSettings s = settings(seed, pipeline);
        return new ChatSettings(s.seed(), s.device(), s.pipeline(), s.world(), s.knownFraction(), s.prompts(), s.evalFraction(), labelers,
                s.model(), s.demonstrations(), s.sft(), s.label(), s.rm(), s.eval(), s.demonstrators(), s.rules(), population);
    }

    /** Runs a pipeline into a new run directory and returns the directory. */
    static Path runNew(Path dir, ChatSettings settings) {
        RunDirectory run = RunDirectory.createNew(dir);
        try (RunStore store = RunStore.create(dir, "tiny chat", StoreOptions.defaults())) {
            new ChatPipeline(context(settings, store, run, line -> { })).run();
        }
        return dir;
    }

    /** Runs a pipeline on an existing run directory's store, reopened for writing. */
    static void runAgain(Path dir, ChatSettings settings, Consumer<String> console) {
        try (RunStore store = RunStore.open(dir, true, StoreOptions.defaults())) {
            new ChatPipeline(context(settings, store, RunDirectory.open(dir), console)).run();
        }
    }

    /** What the stages of a run on the CPU work with. */
    static StageContext context(ChatSettings settings, RunStore store, RunDirectory run, Consumer<String> console) {
        return new StageContext(new ChatWorld(settings), store, run, Device.cpu(), console);
    }

    static RunStore openReadOnly(Path dir) {
        return RunStore.open(dir, false, StoreOptions.defaults());
    }

    /** metrics.jsonl parsed line by line, each line without its timing field wall_s. */
    static List<ObjectNode> metricsWithoutTiming(Path dir) {
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(RunDirectory.METRICS))) {
                ObjectNode node = (ObjectNode) JSON.readTree(line);
                node.remove("wall_s");
                out.add(node);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
