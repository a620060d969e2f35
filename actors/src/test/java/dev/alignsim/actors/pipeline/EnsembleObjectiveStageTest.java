package dev.alignsim.actors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PPO against a two-member reward-model ensemble, rewarded by its mean or by a conservative objective (Coste et al.). */
class EnsembleObjectiveStageTest {
    private static final long SEED = 5;
    private static final List<StageName> PIPELINE = TinyChat.PPO;

    @TempDir
    static Path dir;

    private static List<ObjectNode> mean;
    private static List<ObjectNode> worstCase;

    /** The tiny world with a reward model of two members. */
    private static ChatSettings twoMembers() {
        ChatSettings s = TinyChat.settings(SEED, PIPELINE);
        RewardSettings rm = s.rm();
        return new ChatSettings(s.seed(), s.device(), s.pipeline(), s.world(), s.knownFraction(), s.prompts(), s.evalFraction(), s.labelers(),
                s.model(), s.demonstrations(), s.sft(), s.label(), new RewardSettings(rm.epochs(), rm.batchSize(), rm.learningRate(),
                        rm.maxGradNorm(), rm.margin(), 2, rm.initFromSft()), s.eval(), s.demonstrators(), s.rules());
    }

    private static RlhfSettings with(EnsembleObjective objective) {
        RlhfSettings r = RlhfStageTest.rlhf(0);
        return new RlhfSettings(r.iterations(), r.batchPrompts(), r.ppo(), r.klCoef(), r.adaptiveKl(), r.klTarget(), r.klHorizon(),
                r.criticFromRm(), r.labelEvery(), r.labelPrompts(), r.rmReplay(), r.rmEpochs(), r.rmRenormalize(), r.sampleEvery(),
                r.checkpointEvery(), r.askTimeout(), r.maxRecoveries(), objective, 0.5);
    }

    private static List<ObjectNode> run(String name, EnsembleObjective objective) {
        Path out = dir.resolve(name);
        RunDirectory run = RunDirectory.createNew(out);
        try (RunStore store = RunStore.create(out, "tiny ensemble", StoreOptions.defaults())) {
            new ChatPipeline(TinyChat.context(twoMembers(), store, run, line -> { }), with(objective),
                    FaultInjection.none()).run();
        }
        return RlhfStageTest.withoutTiming(out).stream().filter(n -> n.path("stage").asText().equals("ppo")).toList();
    }

    @BeforeAll
    static void runBoth() {
        mean = run("mean", EnsembleObjective.MEAN);
        worstCase = run("worst-case", EnsembleObjective.WORST_CASE);
    }

    @Test
    void shouldRewardNoMoreThanTheMeanWhenTheObjectiveIsWorstCase() {
        for (ObjectNode line : worstCase) {
            double objective = line.path("objective/rm_objective").asDouble();
            assertTrue(line.has("objective/rm_objective"), "objective/rm_objective in " + line);
            assertTrue(objective <= line.path("objective/proxy").asDouble() + 1e-12, "worst case " + objective + " above the mean in " + line);
        }
    }

    @Test
    void shouldTrainOnTheObjectiveWhenItIsNotTheMean() {
        // The first iteration samples the same answers (same policy, same seed); the training that follows differs.
        assertEquals(mean.get(0).path("objective/proxy").asDouble(), worstCase.get(0).path("objective/proxy").asDouble());
        assertNotEquals(mean.get(mean.size() - 1).path("objective/proxy").asDouble(),
                worstCase.get(worstCase.size() - 1).path("objective/proxy").asDouble());
    }

    @Test
    void shouldWriteNoObjectiveKeyWhenTheRewardIsTheMean() {
        for (ObjectNode line : mean) {
            assertFalse(line.has("objective/rm_objective"), "objective/rm_objective in " + line);
        }
    }
}
