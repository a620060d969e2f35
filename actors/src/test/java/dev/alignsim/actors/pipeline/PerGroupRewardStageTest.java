package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.NormalisationSet;
import dev.alignsim.actors.chat.RewardEvaluation;
import dev.alignsim.actors.chat.RmStage;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RoleNames;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny sft, label, rm, ppo pipeline with two user groups and per-group rewards ({@code chat.rm.per_group}): one
 * reward-model member per group, each learning its group's comparisons, combined by the groups' shares of the users.
 */
class PerGroupRewardStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = TinyChat.PPO;
    private static final List<StageName> TO_RM = List.of(StageName.SFT, StageName.LABEL, StageName.RM);
    /** Shares 3 : 1; "terse" minds length twenty times and coverage half as much as gold does. */
    private static final UserPopulation USERS = new UserPopulation(List.of(
            new UserGroup("helpful", 3.0, ComponentWeights.ones()),
            new UserGroup("terse", 1.0, new ComponentWeights(0.5, 1, 1, 1, 1, 1, 20))));
    private static final List<String> GROUPS = List.of("helpful", "terse");
    private static final LabelerSpec RATIONAL = new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.1), 1.0, "helpful");
    private static final List<LabelerSpec> LABELERS = List.of(RATIONAL,
            new LabelerSpec("brief", "boltzmann", Map.of("temperature", 0.1), 1.0, "terse"));

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;
    private static FaultInjection uninterruptedMessages;
    private static Path uninterruptedDir;

    /** The tiny world with these labelers, fixed demonstrators (so that SFT does not depend on them) and per-group rewards. */
    static ChatSettings settings(List<StageName> pipeline, List<LabelerSpec> labelers) {
        ChatSettings s = TinyChat.settings(SEED, pipeline, labelers, USERS);
        RewardSettings rm = s.rm();
        return new ChatSettings(s.seed(), s.device(), s.pipeline(), s.world(), s.knownFraction(), s.prompts(), s.evalFraction(), labelers,
                s.model(), s.demonstrations(), s.sft(), s.label(), new RewardSettings(rm.epochs(), rm.batchSize(), rm.learningRate(),
                        rm.maxGradNorm(), rm.margin(), 1, rm.initFromSft(), true), s.eval(), List.of(RATIONAL), s.rules(), USERS);
    }

    private static Path run(Path out, ChatSettings settings, FaultInjection faults, int maxRecoveries) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny per-group rewards", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(settings, store, run, line -> { }), RlhfStageTest.rlhf(maxRecoveries), faults).run();
        }
        return out;
    }

    @BeforeAll
    static void runOnce() {
        uninterruptedMessages = FaultInjection.none();
        uninterruptedDir = run(dir.resolve("uninterrupted"), settings(PIPELINE, LABELERS), uninterruptedMessages, 3);
        uninterrupted = RlhfStageTest.withoutTiming(uninterruptedDir);
    }

    private static ObjectNode line(String stage) {
        return uninterrupted.stream().filter(n -> n.path("stage").asText().equals(stage)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + stage + " line"));
    }

    private static List<ObjectNode> ppoLines() {
        return uninterrupted.stream().filter(n -> n.path("stage").asText().equals("ppo")).toList();
    }

    private static void assertAccuracy(ObjectNode line, String key) {
        assertTrue(line.has(key), key + " in " + line);
        double accuracy = line.get(key).asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, key + " = " + accuracy);
    }

    @Test
    void shouldReportEachMembersAccuracyOnItsOwnGroupsGoldPairsInTheRmStageWhenPerGroup() {
        ObjectNode rm = line("rm");
        for (String group : GROUPS) {
            for (String key : List.of("rm/accuracy_gold/group/" + group, "rm/accuracy_gold_unseen/group/" + group)) {
                assertAccuracy(rm, key);
                assertAccuracy(rm, key + "/own");
            }
        }
    }

    @Test
    void shouldReportEachMembersOwnAccuracyInTheLabelingRoundsWhenPerGroup() {
        for (ObjectNode line : ppoLines()) {
            boolean labeling = line.get("ppo/iteration").asLong() % 2 == 0;
            for (String group : GROUPS) {
                assertEquals(labeling, line.has("rm/accuracy_gold/group/" + group + "/own"), line.toString());
            }
        }
    }

    @Test
    void shouldFinishThePpoStageWhenPerGroup() {
        assertEquals(4, ppoLines().size());
        assertTrue(line("ppo-eval").has("final/gold"));
    }

    @Test
    void shouldStoreOneRewardModelMemberPerGroupWhenPerGroup() {
        try (RunStore store = TinyChat.openReadOnly(uninterruptedDir)) {
            assertEquals(List.of("rm/0", "rm/1"), store.modelNames().stream().filter(n -> n.startsWith("rm/")).toList());
        }
    }

    /** The score PPO optimises: the members' normalised scores weighted by the groups' shares of the users, 3 : 1. */
    @Test
    void shouldScoreTheUsersShareWeightedMeanOfTheGroupsMembersWhenPerGroup() {
        ChatSettings settings = settings(PIPELINE, LABELERS);
        try (RunStore store = TinyChat.openReadOnly(uninterruptedDir)) {
            StageContext context = TinyChat.context(settings, store, RunDirectory.open(uninterruptedDir), l -> { });
            NormalisationSet set = NormalisationSet.of(context);
            try (RewardEnsemble ensemble = context.models().rewardModel(settings.rm(), 0)) {
                RewardEnsemble.Scores scores = ensemble.scores(set.prompts(), set.responses());
                double[] helpful = ensemble.members().get(0).scores(set.prompts(), set.responses());
                double[] terse = ensemble.members().get(1).scores(set.prompts(), set.responses());
                boolean differs = false;
                for (int i = 0; i < helpful.length; i++) {
                    assertEquals((3 * helpful[i] + terse[i]) / 4, scores.mean()[i], 1e-12, "response " + i);
                    differs |= Math.abs(scores.mean()[i] - (helpful[i] + terse[i]) / 2) > 1e-6;
                }
                assertTrue(differs, "the members' plain mean");
            }
        }
    }

    @Test
    void shouldReproduceTheRmStagesOwnAccuraciesWhenTheStoredRewardModelIsEvaluated() {
        ChatSettings settings = settings(PIPELINE, LABELERS);
        RewardEvaluation evaluation;
        try (RunStore store = TinyChat.openReadOnly(uninterruptedDir)) {
            evaluation = RmStage.evaluateStored(TinyChat.context(settings, store, RunDirectory.open(uninterruptedDir), l -> { }),
                    settings.eval().goldThreshold());
        }
        for (String group : GROUPS) {
            assertEquals(line("rm").get("rm/accuracy_gold/group/" + group + "/own").asDouble(), evaluation.ownAccuracyByGroup().get(group),
                    group);
        }
    }

    /**
     * Member g learns only group g's comparisons: with the terse group's labeler ranking at random instead of by its
     * utility, the helpful group's member is stored exactly as before and the terse group's is not.
     */
    @Test
    void shouldTrainEachGroupsMemberOnlyOnItsGroupsComparisonsWhenPerGroup() {
        List<LabelerSpec> randomTerse = List.of(RATIONAL, new LabelerSpec("brief", "flip", Map.of("p", 0.5), 1.0, "terse"));
        Path a = TinyChat.runNew(dir.resolve("rm-boltzmann"), settings(TO_RM, LABELERS));
        Path b = TinyChat.runNew(dir.resolve("rm-flip"), settings(TO_RM, randomTerse));
        try (RunStore first = TinyChat.openReadOnly(a); RunStore second = TinyChat.openReadOnly(b)) {
            assertEquals(first.model("sft").orElseThrow(), second.model("sft").orElseThrow(), "the same reference");
            assertEquals(first.model("rm/0").orElseThrow(), second.model("rm/0").orElseThrow(), "the helpful group's member");
            assertNotEquals(first.model("rm/1").orElseThrow(), second.model("rm/1").orElseThrow(), "the terse group's member");
        }
    }

    @Test
    void shouldStopTheRmStageNamingTheGroupWhenItsLabelersRankedNoTrainingComparison() {
        // The terse labeler's share is so small that it is dealt none of the label stage's 60 prompts.
        List<LabelerSpec> rareTerse = List.of(RATIONAL, new LabelerSpec("brief", "boltzmann", Map.of("temperature", 0.1), 1e-9, "terse"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TinyChat.runNew(dir.resolve("rm-rare"), settings(TO_RM, rareTerse)));

        assertTrue(e.getMessage().contains("'terse'") && e.getMessage().contains("chat.label.prompts"), e.getMessage());
    }

    /**
     * The reward model crashes once, on a message drawn with a seed from all it receives in an uninterrupted run; every
     * role is restored from the last checkpoint and the run writes the uninterrupted run's metrics line by line.
     */
    @Test
    void shouldWriteTheUninterruptedMetricsWhenThePerGroupRewardModelCrashes() {
        String role = RoleNames.REWARD_MODEL;
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        int message = 1 + new Random(SEED * 31 + role.hashCode()).nextInt(received);
        FaultInjection faults = FaultInjection.crash(Map.of(role, message));

        Path out = run(dir.resolve("crash-rm"), settings(PIPELINE, LABELERS), faults, 1);

        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out), role + " crashed on message " + message + " of " + received);
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenResumedAfterThePerGroupRewardModelFailed() {
        Path out = dir.resolve("resumed");
        // The reward model's last message but one fails with no recovery allowed: the run stops after a checkpoint, as
        // after a kill, and a new pipeline resumes from it with the checkpoint's members and normalisation.
        int received = uninterruptedMessages.messagesSeen(RoleNames.REWARD_MODEL);
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(out, settings(PIPELINE, LABELERS), FaultInjection.fail(Map.of(RoleNames.REWARD_MODEL, received - 1)), 0));
        assertTrue(failure.getMessage().contains("reward-model"), failure.getMessage());
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(settings(PIPELINE, LABELERS), store, RunDirectory.open(out), line -> { }),
                    RlhfStageTest.rlhf(0), FaultInjection.none()).run();
        }
        assertEquals(uninterrupted, RlhfStageTest.withoutTiming(out));
    }
}
