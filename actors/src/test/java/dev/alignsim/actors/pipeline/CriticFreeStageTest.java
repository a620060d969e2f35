package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.actors.rlhf.RoleNames;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The critic-free stages, rloo and grpo, on the tiny world: their lines, no critic, and exact resume. */
class CriticFreeStageTest {
    private static final long SEED = 7;
    private static final int SAMPLES = 4;

    @TempDir
    static Path dir;

    private static List<ObjectNode> rloo;
    private static List<ObjectNode> grpo;

    private static List<StageName> pipeline(StageName method) {
        return List.of(StageName.SFT, StageName.LABEL, StageName.RM, method);
    }

    private static RlhfSettings settings(StageName method, int maxRecoveries) {
        return RlhfStageTest.rlhf(maxRecoveries).withMethod(method, SAMPLES);
    }

    private static void run(Path out, StageName method, FaultInjection faults, int maxRecoveries) {
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny " + method, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, pipeline(method)), store, run, line -> { }),
                    settings(method, maxRecoveries), faults).run();
        }
    }

    private static List<ObjectNode> lines(List<ObjectNode> all, String stage) {
        return all.stream().filter(n -> n.path("stage").asText().equals(stage)).toList();
    }

    @BeforeAll
    static void runBoth() {
        run(dir.resolve("rloo"), StageName.RLOO, FaultInjection.none(), 0);
        rloo = RlhfStageTest.withoutTiming(dir.resolve("rloo"));
        run(dir.resolve("grpo"), StageName.GRPO, FaultInjection.none(), 0);
        grpo = RlhfStageTest.withoutTiming(dir.resolve("grpo"));
    }

    @Test
    void shouldWriteOneLinePerIterationAndItsEvaluationWhenTheStageIsRloo() {
        assertEquals(RlhfStageTest.ITERATIONS, lines(rloo, "rloo").size());
        assertEquals("rloo-eval", rloo.get(rloo.size() - 1).path("stage").asText());
        assertTrue(rloo.get(rloo.size() - 1).has("final/gold_unseen"), rloo.get(rloo.size() - 1).toString());
    }

    @Test
    void shouldReportNoCriticWhenTheStageIsCriticFree() {
        for (ObjectNode line : lines(grpo, "grpo")) {
            assertFalse(line.has("value/loss") || line.has("value/explained_variance"), line.toString());
            assertTrue(line.has("policy/loss") && line.has("objective/kl"), line.toString());
        }
    }

    @Test
    void shouldTrainDifferentlyWhenTheMethodDiffers() {
        // Same world, reference and reward model: the first batch is sampled alike, the updates differ.
        ObjectNode firstRloo = lines(rloo, "rloo").get(0);
        ObjectNode firstGrpo = lines(grpo, "grpo").get(0);
        assertEquals(firstRloo.path("objective/proxy").asDouble(), firstGrpo.path("objective/proxy").asDouble());
        assertNotEquals(firstRloo.path("policy/loss").asDouble(), firstGrpo.path("policy/loss").asDouble());
    }

    @Test
    void shouldContinueAsIfUninterruptedWhenGrpoResumesAfterAFailure() {
        Path out = dir.resolve("grpo-failed");
        // The policy's 7th message is iteration 3's generate (see RlhfStageTest): the run stops after iteration 2's checkpoint.
        assertThrows(IllegalStateException.class, () -> run(out, StageName.GRPO, FaultInjection.fail(Map.of(RoleNames.POLICY, 7)), 0));
        try (RunStore store = RunStore.open(out, true, StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(TinyChat.settings(SEED, pipeline(StageName.GRPO)), store, RunDirectory.open(out), line -> { }),
                    settings(StageName.GRPO, 0), FaultInjection.none()).run();
        }
        assertEquals(grpo, RlhfStageTest.withoutTiming(out));
    }

    @Test
    void shouldRecoverToTheSameMetricsWhenTheRlooPolicyCrashes() {
        Path out = dir.resolve("rloo-crash");
        run(out, StageName.RLOO, FaultInjection.crash(Map.of(RoleNames.POLICY, 5)), 3);
        assertEquals(rloo, RlhfStageTest.withoutTiming(out));
    }

    @Test
    void shouldRefuseWhenTheSettingsAreForAnotherMethod() {
        Path out = dir.resolve("mismatch");
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "mismatch", StoreOptions.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChatPipeline(
                    TinyChat.context(TinyChat.settings(SEED, pipeline(StageName.RLOO)), store, run, line -> { }), RlhfStageTest.rlhf(0),
                    FaultInjection.none()));
            assertTrue(e.getMessage().contains("rloo stage was given settings for ppo"), e.getMessage());
        }
    }
}
