package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatResponseRepositoryTest {
    private static final int MAX_TOKENS = 5;
    private static final int PER_ITERATION = 4;

    @TempDir
    Path run;

    private RunStore store;

    @BeforeEach
    void createStore() {
        store = RunStore.create(run, "alignsim { env = ChatWorld }", StoreOptions.defaults());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static ChatResponses responses(long iteration) {
        return StoreRecords.responses(iteration, PER_ITERATION, MAX_TOKENS, iteration).encoded();
    }

    private void commit(long iteration, ChatResponses responses, int keepIterations) {
        store.commit(new RunStore.IterationRecords(iteration, List.of(), StoreRecords.metrics(iteration), null, false, List.of(),
                List.of(responses)), keepIterations);
    }

    private void commitIterations(long from, long to, int keepIterations) {
        for (long i = from; i <= to; i++) {
            commit(i, responses(i), keepIterations);
        }
    }

    private List<Long> iterations() {
        return store.responses().range(0, 1000).stream().map(ChatResponses::getIteration).toList();
    }

    @Test
    void shouldReadTheRecordsOfTheRangeInOrderWhenCommitted() {
        commitIterations(1, 5, 0);

        assertEquals(List.of(responses(2), responses(3), responses(4)), store.responses().range(2, 4));
    }

    @Test
    void shouldDecodeTheResponsesOfTheRangeInRowOrderWhenAsked() {
        commitIterations(1, 3, 0);

        List<ChatResponse> read = store.responses().responses(2, 3);

        assertEquals(2 * PER_ITERATION, read.size());
        StoreRecords.Responses written = StoreRecords.responses(3, PER_ITERATION, MAX_TOKENS, 3);
        ChatResponse last = read.get(read.size() - 1);
        assertEquals(3, last.iteration());
        assertEquals(PER_ITERATION - 1, last.row());
        assertArrayEquals(written.tokens()[PER_ITERATION - 1], last.tokens());
    }

    @Test
    void shouldCountEveryStoredResponseWhenAsked() {
        commitIterations(1, 3, 0);

        assertEquals(3 * PER_ITERATION, store.responses().count());
    }

    @Test
    void shouldKeepOnlyTheLastIterationsOfResponsesWhenKeepIterationsIsTwo() {
        commitIterations(1, 5, 2);

        assertEquals(List.of(4L, 5L), iterations());
    }

    @Test
    void shouldDropTheResponsesOfLaterIterationsWhenTruncated() {
        commitIterations(1, 5, 0);

        store.truncateAfter(3);

        assertEquals(List.of(1L, 2L, 3L), iterations());
    }

    @Test
    void shouldReportCorruptedNamingTheIterationWhenARecordIsInconsistent() {
        ChatResponses inconsistent = responses(2).toBuilder().addResponseTokens(7).build();
        commit(2, inconsistent, 0);

        StoreException e = assertThrows(StoreException.class, () -> store.responses().responses(0, 10));

        assertEquals(StoreException.Problem.CORRUPTED, e.problem());
        assertTrue(e.getMessage().contains("iteration 2") && e.getMessage().contains(run.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseIterationRecordsWhenResponsesBelongToAnotherIteration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunStore.IterationRecords(3, List.of(),
                StoreRecords.metrics(3), null, false, List.of(), List.of(responses(2))));

        assertTrue(e.getMessage().contains("iteration 2"), e.getMessage());
    }

    @Test
    void shouldRefuseIterationRecordsWhenTwoResponseRecordsShareAShard() {
        assertThrows(IllegalArgumentException.class, () -> new RunStore.IterationRecords(2, List.of(), StoreRecords.metrics(2), null,
                false, List.of(), List.of(responses(2), responses(2))));
    }
}
