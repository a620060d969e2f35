package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RoleNames;
import dev.alignsim.actors.rlhf.SafetyEvaluation;
import dev.alignsim.env.rules.RuleClass;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ppo stage with the rule-based reward on: its reward, its metrics, its checkpoints, its recovery. */
class RuleRewardStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = TinyChat.PPO;
    /** Fitted weights, a classifier that errs, both rubrics. */
    private static final RuleSettings RULES = new RuleSettings(true, true, true, RuleSettings.WeightSource.FITTED, RuleWeights.hand(), 32, 1.0,
            0.01, true, 0.2, 0.2);

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;
    private static FaultInjection uninterruptedMessages;

    static Path run(Path out, FaultInjection faults, int maxRecoveries) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny rlhf with rules", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, TinyChat.GRU, RULES), store, run, line -> { }),
                    RlhfStageTest.rlhf(maxRecoveries), faults).run();
        }
        return out;
    }

    @BeforeAll
    static void runOnce() {
        uninterruptedMessages = FaultInjection.none();
        uninterrupted = RlhfStageTest.withoutTiming(run(dir.resolve("uninterrupted"), uninterruptedMessages, 3));
    }

    private static List<ObjectNode> ppoLines() {
        return uninterrupted.stream().filter(n -> n.path("stage").asText().equals("ppo")).toList();
    }

    @Test
    void shouldAddTheRuleRewardToTheRlhfRewardWhenRulesAreOn() {
        for (ObjectNode line : ppoLines()) {
            double expected = line.path("objective/proxy").asDouble() + line.path("objective/rule").asDouble()
                    - line.path("objective/kl_coef").asDouble() * line.path("objective/kl").asDouble();
            assertTrue(line.has("objective/rule"), "objective/rule in " + line);
            assertEquals(expected, line.path("objective/rlhf_reward").asDouble(), 1e-9);
        }
    }

    @Test
    void shouldReportSafetyFactsAndClassifierAccuracyEveryIteration() {
        for (ObjectNode line : ppoLines()) {
            for (String key : List.of("safety/f1", "safety/not_unsafe", "safety/not_overrefuse", "facts/hallucination_rate",
                    "rules/classifier_accuracy", "safety/f1_unseen", "rules/classifier_accuracy_unseen")) {
                assertTrue(line.has(key), key + " in " + line);
            }
            double accuracy = line.path("rules/classifier_accuracy").asDouble();
            assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
        }
    }

    @Test
    void shouldKeepTheFittedWeightsInCheckpointsAndTheEvalLine() {
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("uninterrupted"))) {
            Checkpoint last = store.checkpoint(store.lastCheckpoint().orElseThrow());
            List<Double> weights = last.getRlhf().getRuleWeightsList();
            assertEquals(RuleClass.values().length, weights.size());
            ObjectNode eval = uninterrupted.get(uninterrupted.size() - 1);
            for (RuleClass c : RuleClass.values()) {
                assertEquals(weights.get(c.ordinal()), eval.path("rules/weight/" + c.key()).asDouble(), 0.0, c.key());
            }
            assertTrue(weights.get(RuleClass.HARMFUL_DESIRED_REFUSAL.ordinal()) > weights.get(RuleClass.HARMFUL_CONTENT.ordinal()),
                    "the fit orders the desired refusal above content: " + weights);
        }
    }

    @Test
    void shouldWriteNoRuleRewardWhenRulesAreOff() {
        List<ObjectNode> without = RlhfStageTest.withoutTiming(RlhfStageTest.run(dir.resolve("off"), FaultInjection.none(), 3));
        for (ObjectNode line : without) {
            assertFalse(line.has("objective/rule"), "objective/rule in " + line);
            assertFalse(line.has("rules/weight/harmful_content"), "rule weights in " + line);
        }
    }

    /**
     * The rule-based reward crashes once, on a message drawn with a seed from all it receives in an uninterrupted run;
     * every role is restored from the last checkpoint (the rule reward with the checkpoint's weights, or fitted again
     * before the first) and the run writes the uninterrupted run's metrics line by line.
     */
    @Test
    void shouldWriteTheUninterruptedMetricsWhenTheRuleRewardCrashes() {
        String role = RoleNames.RULE_REWARD;
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        int message = 1 + new Random(SEED * 31 + role.hashCode()).nextInt(received);
        FaultInjection faults = FaultInjection.crash(Map.of(role, message));

        Path out = run(dir.resolve("crash-rules"), faults, 1);

        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out), role + " crashed on message " + message + " of " + received);
        assertTrue(faults.messagesSeen(role) > received, "the work after the last checkpoint was done again");
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenResumedAfterTheRuleRewardFailed() {
        Path out = dir.resolve("resumed");
        // The last message of iteration 3 or later fails with no recovery allowed: the run stops after iteration 2's
        // checkpoint, as after a kill, and a new pipeline resumes from it with the checkpoint's weights.
        int received = uninterruptedMessages.messagesSeen(RoleNames.RULE_REWARD);
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of(RoleNames.RULE_REWARD, received - 1)), 0));
        assertTrue(failure.getMessage().contains("rule-reward"), failure.getMessage());
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, TinyChat.GRU, RULES), store, RunDirectory.open(out), line -> { }),
                    RlhfStageTest.rlhf(0), FaultInjection.none()).run();
        }
        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out));
    }

    @Test
    void shouldMeasureWhatThePpoEvalLineMeasuresWhenSafetyEvalReadsTheStoredPolicy() {
        ObjectNode eval = uninterrupted.get(uninterrupted.size() - 1);
        Path out = dir.resolve("uninterrupted");
        try (RunStore store = TinyChat.openReadOnly(out)) {
            Map<String, Object> figures = SafetyEvaluation.evaluate(TinyChat.context(TinyChat.settings(SEED, PIPELINE, TinyChat.GRU, RULES), store,
                    RunDirectory.open(out), line -> { }), SafetyEvaluation.Which.FINAL, RlhfStageTest.rlhf(0).ppo().temperature());
            for (String key : List.of("safety/f1", "safety/not_unsafe_unseen", "facts/hallucination_rate", "facts/unsure_when_unknown_unseen")) {
                assertTrue(figures.containsKey(key), key + " in " + figures);
                assertEquals(eval.path("final/" + key).asDouble(), (Double) figures.get(key), 0.0, key);
            }
            assertEquals(eval.path("final/gold_unseen").asDouble(), (Double) figures.get("gold_unseen"), 1e-12);
            assertEquals(eval.path("rules/classifier_accuracy_unseen").asDouble(), (Double) figures.get("rules/classifier_accuracy_unseen"), 0.0);
        }
    }
}
