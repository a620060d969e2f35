package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.NormalisationSet;
import dev.alignsim.actors.chat.Sampling;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RoleNames;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.ChatResponse;
import dev.alignsim.storage.ChatResponseCodec;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.RlhfState;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ppo stage on actors, on a tiny world: determinism, resume after a failure, and restarts of crashed roles. */
class RlhfStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = TinyChat.PPO;
    static final int ITERATIONS = 4;

    @TempDir
    static Path dir;

    private static List<ObjectNode> uninterrupted;
    /** The same run with chat.ppo.rm_renormalize = false. */
    private static List<ObjectNode> fixedNormalisation;
    /** How many messages each role received in the uninterrupted run. */
    private static FaultInjection uninterruptedMessages;

    /** Labeling rounds after PPO iterations 2 and 4 (label_every 2), the reward model renormalising after each. */
    static RlhfSettings rlhf(int maxRecoveries) {
        return rlhf(maxRecoveries, true);
    }

    static RlhfSettings rlhf(int maxRecoveries, boolean rmRenormalize) {
        SequencePpoSettings ppo = new SequencePpoSettings(1e-3, 1e-3, 2, 2, 0.2, 0.2, 0.0, 1.0, 1.0, 0.95, 1.0);
        return new RlhfSettings(ITERATIONS, 16, ppo, 0.05, true, 1.0, 1000, true, 2, 8, 8, 1, rmRenormalize, 2, 2, Duration.ofSeconds(60),
                maxRecoveries);
    }

    static Path run(Path out, FaultInjection faults, int maxRecoveries) {
        return run(out, faults, rlhf(maxRecoveries), TinyChat.GRU);
    }

    static Path run(Path out, FaultInjection faults, RlhfSettings rlhf) {
        return run(out, faults, rlhf, TinyChat.GRU);
    }

    static Path run(Path out, FaultInjection faults, RlhfSettings rlhf, ChatSettings.ModelWidths model) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny rlhf", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, model), store, run, line -> { }), rlhf, faults).run();
        }
        return out;
    }

    /** Metrics lines without the fields that measure time. */
    static List<ObjectNode> withoutTiming(Path out) {
        List<ObjectNode> lines = new ArrayList<>();
        for (ObjectNode node : TinyChat.metricsWithoutTiming(out)) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                if (names.next().startsWith("perf/")) {
                    names.remove();
                }
            }
            lines.add(node);
        }
        return lines;
    }

    @BeforeAll
    static void runOnce() {
        uninterruptedMessages = FaultInjection.none();
        uninterrupted = withoutTiming(run(dir.resolve("uninterrupted"), uninterruptedMessages, 3));
        fixedNormalisation = withoutTiming(run(dir.resolve("fixed-normalisation"), FaultInjection.none(), rlhf(3, false)));
    }

    @Test
    void shouldWriteOneMetricsLinePerIterationWhenThePipelineRunsPpo() {
        long ppoLines = uninterrupted.stream().filter(n -> n.path("stage").asText().equals("ppo")).count();
        assertEquals(ITERATIONS, ppoLines);
        ObjectNode last = uninterrupted.get(uninterrupted.size() - 2);
        ObjectNode summary = uninterrupted.get(uninterrupted.size() - 1);
        assertEquals("ppo-eval", summary.path("stage").asText());
        for (String name : List.of("reference/gold", "final/gold", "reference/proxy", "final/proxy", "reference/proxy_frozen",
                "final/proxy_frozen")) {
            assertTrue(summary.has(name), name + " in " + summary);
        }
        for (String name : List.of("objective/gold", "objective/proxy", "objective/kl", "objective/kl_coef", "objective/entropy",
                "policy/approx_kl", "policy/clipfrac", "value/loss", "value/explained_variance", "rm/accuracy_gold",
                "labelers/agreement", "response/length")) {
            assertTrue(last.has(name), name + " in " + last);
        }
    }

    @Test
    void shouldStoreEachIterationsResponsesWithTokenColumnsWhenPpoRuns() {
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("uninterrupted"))) {
            List<ChatResponses> records = store.responses().range(0, Long.MAX_VALUE - 1);
            assertEquals(ITERATIONS, records.size());
            assertEquals(List.of(), store.experience().range(0, Long.MAX_VALUE - 1), "no control-world experience");
            ChatResponses first = records.get(0);
            assertEquals(16, first.getResponseLengthsCount(), "one entry per response");
            assertEquals(8, first.getMaxResponseTokens());
            for (ChatResponse response : ChatResponseCodec.decode(first)) {
                assertTrue(response.tokens().length >= 1 && response.tokens().length <= 8, "tokens " + response.tokens().length);
                assertEquals(response.tokens().length, response.logProbs().length, "one log-prob per token");
                assertEquals(Vocabulary.BOS, response.prompt()[0], "prompts start with BOS, unpadded");
            }
            // Comparisons of the labeling rounds (iterations 2 and 4) commit with their iteration: 8 prompts each.
            assertEquals(2 * 8, store.comparisons().range(first.getIteration(), Long.MAX_VALUE - 1).size());
        }
    }

    @Test
    void shouldGiveTheSameMetricsWhenSeedsAreTheSame() {
        assertEquals(uninterrupted, withoutTiming(run(dir.resolve("again"), FaultInjection.none(), 3)));
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenResumedAfterAFailure() {
        Path out = dir.resolve("failed");
        // The policy's 7th message is iteration 3's generate (iteration 1: generate, train; iteration 2: generate,
        // train, the labeling round's generate, the checkpoint's snapshot): the run fails after the checkpoint of
        // iteration 2, and with no recovery allowed it stops there, as after a kill.
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of(RoleNames.POLICY, 7)), 0));
        assertTrue(failure.getMessage().contains("injected fault in policy"), failure.getMessage());
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE), store, RunDirectory.open(out), line -> { }), rlhf(0),
                    FaultInjection.none()).run();
        }
        assertEquals(uninterrupted, withoutTiming(out));
    }

    @Test
    void shouldStoreAndResumeTransformersAsIfUninterruptedWhenTheModelKindIsTransformer() {
        List<ObjectNode> whole = withoutTiming(run(dir.resolve("transformer"), FaultInjection.none(), rlhf(3), TinyChat.TRANSFORMER));
        assertEquals(uninterrupted.size(), whole.size(), "a line per stage and iteration, as the GRU's run");
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("transformer"))) {
            for (String model : List.of("sft", "rm/0")) {
                assertEquals("transformer", store.model(model).orElseThrow().getShape().getKind(), model);
            }
        }
        // Failing after iteration 2's checkpoint and resuming reloads the stored SFT and reward models and the
        // checkpointed roles into Transformers: the metrics are the uninterrupted run's.
        Path out = dir.resolve("transformer-failed");
        assertThrows(IllegalStateException.class,
                () -> run(out, FaultInjection.fail(Map.of(RoleNames.POLICY, 7)), rlhf(0), TinyChat.TRANSFORMER));
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, PIPELINE, TinyChat.TRANSFORMER), store, RunDirectory.open(out),
                    line -> { }), rlhf(0), FaultInjection.none()).run();
        }
        assertEquals(whole, withoutTiming(out));
    }

    /**
     * Each role crashes once, on a message drawn with a seed from all it receives in an uninterrupted run; every role
     * is restored from the last checkpoint and the run goes on, writing the uninterrupted run's metrics line by line.
     */
    @ParameterizedTest
    @ValueSource(strings = {RoleNames.POLICY, RoleNames.REFERENCE, RoleNames.CRITIC, RoleNames.REWARD_MODEL, "labeler:rational",
            RoleNames.PROMPTS})
    void shouldWriteTheUninterruptedMetricsWhenARoleCrashes(String role) {
        int received = uninterruptedMessages.messagesSeen(role);
        assertTrue(received > 0, role + " received no message in the uninterrupted run");
        int message = 1 + new Random(SEED * 31 + role.hashCode()).nextInt(received);
        FaultInjection faults = FaultInjection.crash(Map.of(role, message));

        Path out = run(dir.resolve("crash-" + role.replace(':', '-')), faults, 1);

        assertEquals(uninterrupted, withoutTiming(out), role + " crashed on message " + message + " of " + received);
        assertTrue(faults.messagesSeen(role) > received, role + " saw " + faults.messagesSeen(role) + " messages, the uninterrupted run "
                + received + ": the work after the last checkpoint was done again");
    }

    @Test
    void shouldFailNamingTheRoleWhenItFailsMoreOftenThanRecoveriesAllow() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> run(dir.resolve("exhausted"), FaultInjection.fail(Map.of(RoleNames.CRITIC, 2)), 0));

        assertTrue(failure.getMessage().contains("critic failed") && failure.getMessage().contains("injected fault"), failure.getMessage());
    }

    // --- the reward model's normalisation (chat.ppo.rm_renormalize) ---

    private static StageContext context(Path out, RunStore store) {
        return TinyChat.context(TinyChat.settings(SEED, PIPELINE), store, RunDirectory.open(out), line -> { });
    }

    private static Checkpoint lastCheckpoint(RunStore store) {
        return store.checkpoint(store.lastCheckpoint().orElseThrow());
    }

    /** The reward model as a checkpoint stores it: the members' learners and the normalisation they scored with. */
    private static RewardEnsemble rewardModelAt(StageContext context, Checkpoint checkpoint) {
        RewardEnsemble ensemble = context.models().rewardModel(context.settings().rm(), 0);
        RlhfState state = checkpoint.getRlhf();
        ensemble.restore(state.getRewardModelsList().stream().map(RecordCodec::learner).toList(),
                state.getScoreOffsetsList().stream().mapToDouble(Double::doubleValue).toArray(),
                state.getScoreScalesList().stream().mapToDouble(Double::doubleValue).toArray());
        return ensemble;
    }

    private static List<ObjectNode> ppoLines(List<ObjectNode> lines) {
        return lines.stream().filter(n -> n.path("stage").asText().equals("ppo")).toList();
    }

    @Test
    void shouldScoreTheReferencesAnswersWithMeanZeroAndUnitSpreadWhenTheRewardModelRenormalisedAfterTraining() {
        Path out = dir.resolve("uninterrupted");
        double[] scores;
        double rmStageScale;
        double checkpointScale;
        try (RunStore store = TinyChat.openReadOnly(out)) {
            StageContext context = context(out, store);
            Checkpoint last = lastCheckpoint(store);
            NormalisationSet set = NormalisationSet.of(context);
            try (RewardEnsemble rewardModel = rewardModelAt(context, last)) {
                scores = rewardModel.scores(set.prompts(), set.responses()).mean();
            }
            rmStageScale = context.models().rewardRecords().get(0).getScoreScale();
            checkpointScale = last.getRlhf().getScoreScales(0);
        }

        // The reward model trained in two labeling rounds, so the rm stage's normalisation no longer fits it ...
        assertNotEquals(rmStageScale, checkpointScale, "the checkpoint holds the rm stage's normalisation");
        // ... and the checkpoint's, recomputed as the rm stage computes it, makes the reference's answers standard again.
        double mean = Arrays.stream(scores).average().orElseThrow();
        double variance = Arrays.stream(scores).map(x -> (x - mean) * (x - mean)).sum() / (scores.length - 1);
        assertEquals(0.0, mean, 1e-5);
        assertEquals(1.0, Math.sqrt(variance), 1e-5);
    }

    @Test
    void shouldReportTheNewNormalisationInLabelingIterationsWhenTheRewardModelRenormalises() {
        List<ObjectNode> ppo = ppoLines(uninterrupted);
        for (ObjectNode line : ppo) {
            boolean labeling = line.get("ppo/iteration").asLong() % 2 == 0;
            assertEquals(labeling, line.has("rm/norm_offset") && line.has("rm/norm_scale"), line.toString());
        }
        Checkpoint last;
        try (RunStore store = TinyChat.openReadOnly(dir.resolve("uninterrupted"))) {
            last = lastCheckpoint(store);
        }
        // The last iteration labels and checkpoints: the line reports what the checkpoint holds (one member: its mean).
        ObjectNode fourth = ppo.get(ITERATIONS - 1);
        assertEquals(last.getRlhf().getScoreOffsets(0), fourth.get("rm/norm_offset").asDouble(), 1e-12);
        assertEquals(last.getRlhf().getScoreScales(0), fourth.get("rm/norm_scale").asDouble(), 1e-12);
        assertNotEquals(ppo.get(1).get("rm/norm_scale").asDouble(), fourth.get("rm/norm_scale").asDouble(), "each round renormalises");
    }

    @Test
    void shouldScoreWithTheNewNormalisationFromTheNextIterationOnWhenTheRewardModelRenormalises() {
        List<ObjectNode> renormalised = ppoLines(uninterrupted);
        List<ObjectNode> fixed = ppoLines(fixedNormalisation);
        // Up to the first round (after iteration 2) both runs are the same run; from iteration 3 on the scores differ.
        for (int i = 0; i < 2; i++) {
            ObjectNode line = renormalised.get(i).deepCopy();
            line.remove(List.of("rm/norm_offset", "rm/norm_scale"));
            assertEquals(fixed.get(i), line, "PPO iteration " + (i + 1));
        }
        assertNotEquals(fixed.get(2).get("objective/proxy").asDouble(), renormalised.get(2).get("objective/proxy").asDouble());
    }

    @Test
    void shouldKeepTheRmStagesNormalisationWhenRenormalisingIsOff() {
        Path out = dir.resolve("fixed-normalisation");
        try (RunStore store = TinyChat.openReadOnly(out)) {
            ModelRecord rm = context(out, store).models().rewardRecords().get(0);
            RlhfState last = lastCheckpoint(store).getRlhf();
            assertEquals(List.of(rm.getScoreOffset()), last.getScoreOffsetsList());
            assertEquals(List.of(rm.getScoreScale()), last.getScoreScalesList());
        }
        assertTrue(fixedNormalisation.stream().noneMatch(n -> n.has("rm/norm_offset") || n.has("rm/norm_scale")), "no rm/norm_* fields");
    }

    /**
     * ppo-eval's proxy is the reward model PPO optimised against at the end (the last checkpoint's members and
     * normalisation), proxy_frozen the rm stage's; both reproduced here on the reference's eval answers, drawn as
     * PpoStage draws them.
     */
    @Test
    void shouldScoreProxyWithTheFinalRewardModelAndProxyFrozenWithTheRmStagesWhenTheEvalLineIsWritten() {
        Path out = dir.resolve("uninterrupted");
        ObjectNode eval = uninterrupted.get(uninterrupted.size() - 1);
        double finalModel;
        double frozenModel;
        try (RunStore store = TinyChat.openReadOnly(out)) {
            StageContext context = context(out, store);
            ChatWorld world = context.world();
            Prompt[] prompts = world.prompts("eval/prompts", context.settings().eval().prompts());
            int[][] answers;
            try (SequencePolicy reference = context.models().reference()) {
                answers = Sampling.generate(reference, prompts, rlhf(0).ppo().temperature(), world.stream("ppo/eval-reference"));
            }
            try (RewardEnsemble last = rewardModelAt(context, lastCheckpoint(store));
                    RewardEnsemble frozen = context.models().rewardModel(context.settings().rm(), 0)) {
                finalModel = Arrays.stream(last.scores(ChatWorld.tokens(prompts), answers).mean()).average().orElseThrow();
                frozenModel = Arrays.stream(frozen.scores(ChatWorld.tokens(prompts), answers).mean()).average().orElseThrow();
            }
        }

        assertEquals(finalModel, eval.get("reference/proxy").asDouble(), 1e-12);
        assertEquals(frozenModel, eval.get("reference/proxy_frozen").asDouble(), 1e-12);
        assertNotEquals(finalModel, frozenModel, "the labeling rounds trained the reward model");
    }
}
