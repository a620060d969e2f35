package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperienceRepositoryTest {

    @TempDir
    Path run;

    private RunStore store;

    @BeforeEach
    void createStore() {
        store = RunStore.create(run, "alignsim { seed = 1 }", StoreOptions.defaults());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void commit(long iteration, List<ExperienceBatch> experience) {
        store.commit(new RunStore.IterationRecords(iteration, experience, StoreRecords.metrics(iteration), null, false), 0);
    }

    /** Iterations 1..3, each with shards 0 (2 steps x 2 envs) and 1 (3 steps x 2 envs). */
    private void commitThreeIterations() {
        for (long i = 1; i <= 3; i++) {
            commit(i, List.of(StoreRecords.experience(i, 0, 2, 2, i * 10), StoreRecords.experience(i, 1, 3, 2, i * 10 + 1)));
        }
    }

    private static List<String> origins(List<ExperienceRepository.Transition> sample) {
        List<String> out = new ArrayList<>();
        for (ExperienceRepository.Transition t : sample) {
            out.add(t.iteration() + "/" + t.shard() + "/" + t.row());
        }
        return out;
    }

    private static void assertSameTransition(ExperienceRepository.Transition expected, ExperienceRepository.Transition actual) {
        assertEquals(expected.iteration(), actual.iteration());
        assertEquals(expected.shard(), actual.shard());
        assertEquals(expected.row(), actual.row());
        assertEquals(expected.policyVersion(), actual.policyVersion());
        assertArrayEquals(expected.observation(), actual.observation());
        assertArrayEquals(expected.action(), actual.action());
        assertEquals(expected.logProb(), actual.logProb());
        assertEquals(expected.value(), actual.value());
        assertEquals(expected.reward(), actual.reward());
        assertEquals(expected.terminated(), actual.terminated());
        assertEquals(expected.truncated(), actual.truncated());
        assertEquals(expected.advantage(), actual.advantage());
        assertEquals(expected.returnValue(), actual.returnValue());
    }

    @Test
    void shouldReturnBatchesInIterationThenShardOrderWhenCommittedOutOfOrder() {
        commit(2, List.of(StoreRecords.experience(2, 2, 2, 2, 22), StoreRecords.experience(2, 0, 2, 2, 20),
                StoreRecords.experience(2, 1, 2, 2, 21)));
        commit(1, List.of(StoreRecords.experience(1, 1, 2, 2, 11), StoreRecords.experience(1, 0, 2, 2, 10)));

        List<String> order = new ArrayList<>();
        for (ExperienceBatch b : store.experience().range(1, 2)) {
            order.add(b.getIteration() + "/" + b.getShard());
        }

        assertEquals(List.of("1/0", "1/1", "2/0", "2/1", "2/2"), order);
    }

    @Test
    void shouldReadEachRowsOwnValuesWhenABatchComesBackFromTheStore() {
        ExperienceBatch written = StoreRecords.experience(1, 0, 3, 2, 7);
        commit(1, List.of(written));

        ExperienceBatch read = store.experience().range(1, 1).get(0);

        float[] rewards = ExperienceColumns.floats(written.getRewards());
        float[] observations = ExperienceColumns.floats(written.getObservations());
        for (int row = 0; row < rewards.length; row++) {
            // A parsed column is a view into the stored record; reading one entry must not start at the record's start.
            assertEquals(rewards[row], ExperienceColumns.floatAt(read.getRewards(), row), "reward of row " + row);
            assertEquals(observations[row], ExperienceColumns.floatAt(read.getObservations(), row), "observation " + row);
        }
    }

    @Test
    void shouldReturnStoredBatchesWhenRangeRead() {
        ExperienceBatch a = StoreRecords.experience(1, 0, 2, 2, 5);
        ExperienceBatch b = StoreRecords.experience(1, 1, 2, 2, 6);
        commit(1, List.of(a, b));

        assertEquals(List.of(a, b), store.experience().range(1, 1));
    }

    @Test
    void shouldIncludeBothEndsWhenRangeIsInclusive() {
        for (long i = 1; i <= 5; i++) {
            commit(i, List.of(StoreRecords.experience(i, 0, 1, 1, i)));
        }

        List<Long> iterations = new ArrayList<>();
        for (ExperienceBatch b : store.experience().range(2, 4)) {
            iterations.add(b.getIteration());
        }

        assertEquals(List.of(2L, 3L, 4L), iterations);
    }

    @Test
    void shouldDrawSameTransitionsWhenSeedIsSame() {
        commitThreeIterations();

        List<ExperienceRepository.Transition> first = store.experience().sampleUniform(50, 9, 1, 3);
        List<ExperienceRepository.Transition> second = store.experience().sampleUniform(50, 9, 1, 3);

        assertEquals(50, first.size());
        assertEquals(origins(first), origins(second));
        for (int i = 0; i < first.size(); i++) {
            assertSameTransition(first.get(i), second.get(i));
        }
    }

    @Test
    void shouldDrawDifferentSampleWhenSeedDiffers() {
        commitThreeIterations();

        List<ExperienceRepository.Transition> first = store.experience().sampleUniform(50, 9, 1, 3);
        List<ExperienceRepository.Transition> second = store.experience().sampleUniform(50, 10, 1, 3);

        assertNotEquals(origins(first), origins(second));
    }

    @Test
    void shouldMatchStoredRowWhenTransitionSampled() {
        commitThreeIterations();
        List<ExperienceBatch> stored = store.experience().range(1, 3);

        List<ExperienceRepository.Transition> sample = store.experience().sampleUniform(200, 4, 1, 3);

        for (ExperienceRepository.Transition t : sample) {
            ExperienceBatch batch = stored.stream()
                    .filter(b -> b.getIteration() == t.iteration() && b.getShard() == t.shard())
                    .findFirst().orElseThrow(() -> new AssertionError("no stored batch for " + t));
            assertTrue(t.row() >= 0 && t.row() < ExperienceColumns.rows(batch), "row " + t.row());
            assertSameTransition(ExperienceRepository.transition(batch, t.row()), t);
        }
    }

    @Test
    void shouldDrawOnlyFromRequestedIterationsWhenSampling() {
        commitThreeIterations();

        List<ExperienceRepository.Transition> sample = store.experience().sampleUniform(300, 4, 2, 2);

        for (ExperienceRepository.Transition t : sample) {
            assertEquals(2, t.iteration());
        }
    }

    @Test
    void shouldReadRowFieldsWhenTransitionTaken() {
        ExperienceBatch b = StoreRecords.experience(7, 3, 3, 2, 99);
        int row = 4;

        ExperienceRepository.Transition t = ExperienceRepository.transition(b, row);

        assertEquals(7, t.iteration());
        assertEquals(3, t.shard());
        assertEquals(row, t.row());
        assertEquals(b.getPolicyVersion(), t.policyVersion());
        assertArrayEquals(new float[] {ExperienceColumns.floatAt(b.getObservations(), 16), ExperienceColumns.floatAt(b.getObservations(), 17), ExperienceColumns.floatAt(b.getObservations(), 18), ExperienceColumns.floatAt(b.getObservations(), 19)},
                t.observation());
        assertArrayEquals(new float[] {ExperienceColumns.floatAt(b.getActions(), row)}, t.action());
        assertEquals(ExperienceColumns.floatAt(b.getLogProbs(), row), t.logProb());
        assertEquals(ExperienceColumns.floatAt(b.getValues(), row), t.value());
        assertEquals(ExperienceColumns.floatAt(b.getRewards(), row), t.reward());
        assertEquals(ExperienceColumns.flagAt(b.getTerminated(), row), t.terminated());
        assertEquals(ExperienceColumns.flagAt(b.getTruncated(), row), t.truncated());
        assertEquals(ExperienceColumns.floatAt(b.getAdvantages(), row), t.advantage());
        assertEquals(ExperienceColumns.floatAt(b.getReturns(), row), t.returnValue());
    }

    @Test
    void shouldDrawInProportionToBatchSizeWhenBatchesDiffer() {
        commit(1, List.of(StoreRecords.experience(1, 0, 50, 2, 1), StoreRecords.experience(1, 1, 150, 2, 2)));

        List<ExperienceRepository.Transition> sample = store.experience().sampleUniform(20000, 123, 1, 1);

        long fromLarger = sample.stream().filter(t -> t.shard() == 1).count();
        double share = fromLarger / 20000.0;
        assertEquals(0.75, share, 0.02, "share from the 300-row batch");
    }

    @Test
    void shouldReachEveryRowWhenSamplingManyTimes() {
        commit(1, List.of(StoreRecords.experience(1, 0, 50, 2, 1), StoreRecords.experience(1, 1, 150, 2, 2)));

        List<ExperienceRepository.Transition> sample = store.experience().sampleUniform(20000, 5, 1, 1);

        boolean[][] seen = {new boolean[100], new boolean[300]};
        for (ExperienceRepository.Transition t : sample) {
            seen[t.shard()][t.row()] = true;
        }
        for (boolean[] shard : seen) {
            for (int r = 0; r < shard.length; r++) {
                assertTrue(shard[r], "row " + r + " never drawn");
            }
        }
    }

    @Test
    void shouldThrowIllegalArgumentWhenRangeHoldsNoExperience() {
        commitThreeIterations();

        assertThrows(IllegalArgumentException.class, () -> store.experience().sampleUniform(10, 1, 5, 8));
    }

    @Test
    void shouldThrowIllegalArgumentWhenStoreIsEmpty() {
        assertThrows(IllegalArgumentException.class, () -> store.experience().sampleUniform(10, 1, 0, 100));
    }

    @Test
    void shouldCountEveryStoredTransitionWhenAsked() {
        commitThreeIterations();

        assertEquals(3 * (4 + 6), store.experience().transitionCount());
    }

    @Test
    void shouldCountOnlyKeptTransitionsWhenOldExperiencePruned() {
        for (long i = 1; i <= 5; i++) {
            store.commit(new RunStore.IterationRecords(i, List.of(StoreRecords.experience(i, 0, 2, 2, i)),
                    StoreRecords.metrics(i), null, false), 2);
        }

        assertEquals(2 * 4, store.experience().transitionCount());
    }

    @Test
    void shouldCountZeroWhenNothingStored() {
        assertEquals(0, store.experience().transitionCount());
    }
}
