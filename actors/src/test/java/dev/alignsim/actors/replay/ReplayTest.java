package dev.alignsim.actors.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    private static ActorTestKit testKit;
    /** Stopped after each test, before its temporary directory is deleted: stopping closes the store. */
    private final List<ActorRef<Replay.Command>> spawned = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
    }

    @org.junit.jupiter.api.AfterEach
    void stopReplays() {
        spawned.forEach(testKit::stop);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ExperienceBatch batch(long iteration, int shard, int rows) {
        float[] rewards = new float[rows];
        for (int i = 0; i < rows; i++) {
            rewards[i] = iteration * 100 + shard * 10 + i;
        }
        float[] zeros = new float[rows];
        return ExperienceBatch.newBuilder().setIteration(iteration).setShard(shard).setSteps(rows).setEnvs(1).setObsDim(1)
                .setActionDim(1).setObservations(ExperienceColumns.floats(zeros)).setActions(ExperienceColumns.floats(zeros))
                .setLogProbs(ExperienceColumns.floats(zeros)).setValues(ExperienceColumns.floats(zeros))
                .setRewards(ExperienceColumns.floats(rewards)).setTerminated(ExperienceColumns.flags(new boolean[rows]))
                .setTruncated(ExperienceColumns.flags(new boolean[rows])).setAdvantages(ExperienceColumns.floats(zeros))
                .setReturns(ExperienceColumns.floats(zeros)).build();
    }

    private ActorRef<Replay.Command> replayWithIterations(Path dir, int iterations, int keep) throws Exception {
        Files.createDirectories(dir);
        RunStore store = RunStore.create(dir, "test", StoreOptions.defaults());
        ActorRef<Replay.Command> replay = testKit.spawn(Replay.create(store, keep));
        spawned.add(replay);
        TestProbe<Replay.Reply> probe = testKit.createTestProbe();
        for (int i = 1; i <= iterations; i++) {
            MetricsLine line = MetricsLine.newBuilder().setIteration(i).setJson("{}").build();
            replay.tell(new Replay.Commit(new RunStore.IterationRecords(i, List.of(batch(i, 0, 3), batch(i, 1, 3)), line, null,
                    false), probe.getRef()));
            assertEquals(new Replay.Committed(i), probe.receiveMessage());
        }
        return replay;
    }

    @Test
    void shouldAnswerReadWithCommittedIterationsWhenAskedForARange(@TempDir Path dir) throws Exception {
        ActorRef<Replay.Command> replay = replayWithIterations(dir.resolve("run"), 5, 0);
        TestProbe<Replay.Experience> probe = testKit.createTestProbe();
        replay.tell(new Replay.ReadExperience(2, 3, probe.getRef()));
        List<ExperienceBatch> batches = probe.receiveMessage().batches();
        assertEquals(List.of(2L, 2L, 3L, 3L), batches.stream().map(ExperienceBatch::getIteration).toList());
    }

    @Test
    void shouldKeepOnlyTheLastIterationsWhenRetentionIsSet(@TempDir Path dir) throws Exception {
        ActorRef<Replay.Command> replay = replayWithIterations(dir.resolve("run"), 6, 2);
        TestProbe<Replay.Experience> probe = testKit.createTestProbe();
        replay.tell(new Replay.ReadExperience(0, 100, probe.getRef()));
        assertEquals(List.of(5L, 5L, 6L, 6L), probe.receiveMessage().batches().stream().map(ExperienceBatch::getIteration).toList());
    }

    @Test
    void shouldSampleSameTransitionsWhenSeedIsTheSame(@TempDir Path dir) throws Exception {
        ActorRef<Replay.Command> replay = replayWithIterations(dir.resolve("run"), 4, 0);
        TestProbe<Replay.Sample> probe = testKit.createTestProbe();
        replay.tell(new Replay.SampleTransitions(50, 9, 1, 4, probe.getRef()));
        List<Float> first = probe.receiveMessage().transitions().stream().map(t -> t.reward()).toList();
        replay.tell(new Replay.SampleTransitions(50, 9, 1, 4, probe.getRef()));
        List<Float> second = probe.receiveMessage().transitions().stream().map(t -> t.reward()).toList();
        assertEquals(first, second);
    }

    private static Comparison comparison(long iteration, String labeler, boolean heldout) {
        Comparison.Builder c = Comparison.newBuilder().setIteration(iteration).setLabelerId(labeler).setHeldout(heldout)
                .addPromptTokens(0);
        for (int r = 0; r < 2; r++) {
            c.addResponses(JudgedResponse.newBuilder().addTokens(10 + r)).addRanking(r);
        }
        return c.build();
    }

    @Test
    void shouldNeverReplayAHeldOutComparisonWhenAskedForComparisonsToReplay(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        RunStore store = RunStore.create(run, "test", StoreOptions.defaults());
        // As a ChatWorld run stores them: the label stage's comparisons, the last of them held out from the reward
        // model, then a labeling round's during RL.
        store.comparisons().append(1, 0, List.of(comparison(1, "train-0", false), comparison(1, "train-1", false),
                comparison(1, "heldout-0", true), comparison(1, "heldout-1", true)));
        store.comparisons().append(5, 0, List.of(comparison(5, "round-0", false)));
        ActorRef<Replay.Command> replay = testKit.spawn(Replay.create(store, 0));
        spawned.add(replay);
        TestProbe<StatusReply<List<Comparison>>> probe = testKit.createTestProbe();

        replay.tell(new Replay.SampleComparisons(500, 3, 0, 5, probe.getRef()));
        List<Comparison> replayed = probe.receiveMessage().getValue();

        assertEquals(500, replayed.size());
        assertTrue(replayed.stream().noneMatch(Comparison::getHeldout), "a held-out comparison was replayed");
        // Every other comparison is drawn (500 draws of 3).
        assertEquals(List.of("round-0", "train-0", "train-1"), replayed.stream().map(Comparison::getLabelerId).distinct().sorted().toList());
    }
}
