package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.RewardEvaluation;
import dev.alignsim.actors.chat.RmStage;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny sft, label, rm, ppo pipeline whose users are two groups, labeled by one labeler of each: every gold figure is
 * population gold and is reported per group too; a run with the default population reports no group at all.
 */
class PopulationStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = TinyChat.PPO;
    /** Shares 3 : 1; "terse" minds length twenty times and coverage half as much as gold does. */
    private static final UserPopulation USERS = new UserPopulation(List.of(
            new UserGroup("helpful", 3.0, ComponentWeights.ones()),
            new UserGroup("terse", 1.0, new ComponentWeights(0.5, 1, 1, 1, 1, 1, 20))));
    private static final List<String> GROUPS = List.of("helpful", "terse");
    private static final List<LabelerSpec> LABELERS = List.of(
            new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.1), 1.0, "helpful"),
            new LabelerSpec("brief", "boltzmann", Map.of("temperature", 0.1), 1.0, "terse"));

    @TempDir
    static Path dir;

    private static Path grouped;
    private static List<ObjectNode> groupedLines;
    private static List<ObjectNode> defaultLines;

    private static Path run(Path out, ChatSettings settings) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny population", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(settings, store, run, line -> { }), RlhfStageTest.rlhf(3), FaultInjection.none()).run();
        }
        return out;
    }

    @BeforeAll
    static void runOnce() {
        grouped = run(dir.resolve("grouped"), TinyChat.settings(SEED, PIPELINE, LABELERS, USERS));
        groupedLines = RlhfStageTest.withoutTiming(grouped);
        defaultLines = RlhfStageTest.withoutTiming(run(dir.resolve("default"), TinyChat.settings(SEED, PIPELINE)));
    }

    private static ObjectNode line(List<ObjectNode> lines, String stage) {
        return lines.stream().filter(n -> n.path("stage").asText().equals(stage)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + stage + " line"));
    }

    private static List<ObjectNode> ppoLines() {
        return groupedLines.stream().filter(n -> n.path("stage").asText().equals("ppo")).toList();
    }

    /** {@code prefix/group/<name>} for both groups and {@code prefix/group_spread}, the larger less the smaller. */
    private static void assertGroups(ObjectNode line, String prefix) {
        for (String group : GROUPS) {
            assertTrue(line.has(prefix + "/group/" + group), prefix + "/group/" + group + " in " + line);
        }
        double helpful = line.get(prefix + "/group/helpful").asDouble();
        double terse = line.get(prefix + "/group/terse").asDouble();
        assertEquals(Math.abs(helpful - terse), line.get(prefix + "/group_spread").asDouble(), 1e-12, prefix + "/group_spread");
    }

    @Test
    void shouldReportEachGroupsGoldAndTheirSpreadInEveryPpoIterationWhenThereAreTwoGroups() {
        for (ObjectNode line : ppoLines()) {
            assertGroups(line, "objective/gold");
            assertGroups(line, "objective/gold_unseen");
        }
    }

    @Test
    void shouldReportTheShareWeightedMeanOfTheGroupsAsObjectiveGoldWhenThereAreTwoGroups() {
        for (ObjectNode line : ppoLines()) {
            for (String prefix : List.of("objective/gold", "objective/gold_unseen")) {
                // Population gold per response averaged equals the share-weighted mean of the groups' averages.
                double expected = (3 * line.get(prefix + "/group/helpful").asDouble() + line.get(prefix + "/group/terse").asDouble()) / 4;
                assertEquals(expected, line.get(prefix).asDouble(), 1e-9, prefix + " in " + line);
            }
        }
    }

    @Test
    void shouldReportEachGroupsGoldInTheSftAndPpoEvalLinesWhenThereAreTwoGroups() {
        ObjectNode sft = line(groupedLines, "sft");
        for (String prefix : List.of("sft/gold", "sft/gold_unseen", "random/gold", "random/gold_unseen")) {
            assertGroups(sft, prefix);
        }
        ObjectNode eval = line(groupedLines, "ppo-eval");
        for (String prefix : List.of("reference/gold", "final/gold", "reference/gold_unseen", "final/gold_unseen")) {
            assertGroups(eval, prefix);
        }
    }

    @Test
    void shouldReportTheRewardModelsAccuracyOnEachGroupsGoldPairsWhenThereAreTwoGroups() {
        ObjectNode rm = line(groupedLines, "rm");
        for (String group : GROUPS) {
            for (String key : List.of("rm/accuracy_gold/group/" + group, "rm/accuracy_gold_unseen/group/" + group)) {
                assertTrue(rm.has(key), key + " in " + rm);
                double accuracy = rm.get(key).asDouble();
                assertTrue(accuracy >= 0 && accuracy <= 1, key + " = " + accuracy);
            }
        }
        // The labeling rounds (after PPO iterations 2 and 4) measure it too, before the reward model trains on them.
        for (ObjectNode line : ppoLines()) {
            boolean labeling = line.get("ppo/iteration").asLong() % 2 == 0;
            assertEquals(labeling, line.has("rm/accuracy_gold/group/helpful") && line.has("rm/accuracy_gold/group/terse"), line.toString());
        }
    }

    @Test
    void shouldReproduceTheRmStagesGroupAccuraciesWhenTheStoredRewardModelIsEvaluated() {
        ChatSettings settings = TinyChat.settings(SEED, PIPELINE, LABELERS, USERS);
        RewardEvaluation evaluation;
        try (RunStore store = TinyChat.openReadOnly(grouped)) {
            evaluation = RmStage.evaluateStored(TinyChat.context(settings, store, RunDirectory.open(grouped), l -> { }),
                    settings.eval().goldThreshold());
        }
        ObjectNode rm = line(groupedLines, "rm");

        for (String group : GROUPS) {
            assertEquals(rm.get("rm/accuracy_gold/group/" + group).asDouble(), evaluation.goldAccuracyByGroup().get(group), group);
        }
    }

    @Test
    void shouldReportNoGroupWhenThePopulationIsTheDefault() {
        for (ObjectNode line : defaultLines) {
            for (Iterator<String> names = line.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertFalse(name.contains("/group"), name + " in the " + line.path("stage").asText() + " line");
            }
        }
    }
}
