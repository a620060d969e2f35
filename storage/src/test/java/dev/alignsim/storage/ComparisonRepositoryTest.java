package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonRepositoryTest {

    private static Comparison comparison(long iteration, String labeler, double... golds) {
        Comparison.Builder b = Comparison.newBuilder().setIteration(iteration).setLabelerId(labeler).setStrategy("boltzmann")
                .setPromptKind("TASK").addPromptTokens(0).addPromptTokens(12).addPromptTokens(1).setLabelsGiven(3);
        for (int i = 0; i < golds.length; i++) {
            b.addResponses(JudgedResponse.newBuilder().addTokens(20 + i).addTokens(2)
                    .setGold(GoldComponents.newBuilder().setTotal(golds[i])));
            b.addRanking(golds.length - 1 - i);
        }
        return b.build();
    }

    private static RunStore store(Path dir) throws Exception {
        Files.createDirectories(dir);
        return RunStore.create(dir, "test", StoreOptions.defaults());
    }

    @Test
    void shouldReadBackComparisonsInOrderWhenAppendedByRound(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            store.comparisons().append(2, 0, List.of(comparison(2, "a", 1, 2), comparison(2, "b", 3, 4, 5)));
            store.comparisons().append(5, 0, List.of(comparison(5, "c", 6, 7)));
            List<Comparison> read = store.comparisons().range(0, 10);
            assertEquals(List.of("a", "b", "c"), read.stream().map(Comparison::getLabelerId).toList());
            assertEquals(comparison(2, "b", 3, 4, 5), read.get(1));
        }
    }

    @Test
    void shouldReadOnlyTheRangeWhenAskedForIterations(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            for (long it = 1; it <= 4; it++) {
                store.comparisons().append(it, 0, List.of(comparison(it, "l" + it, 1, 2)));
            }
            assertEquals(List.of("l2", "l3"), store.comparisons().range(2, 3).stream().map(Comparison::getLabelerId).toList());
        }
    }

    @Test
    void shouldRejectRankingThatDoesNotOrderEveryResponse(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            Comparison partial = comparison(1, "a", 1, 2, 3).toBuilder().clearRanking().addRanking(0).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.comparisons().append(1, 0, List.of(partial)));
            assertTrue(e.getMessage().contains("ranks 1 of its 3"), e.getMessage());
            assertEquals(0, store.comparisons().range(0, 10).size());
        }
    }

    @Test
    void shouldRejectComparisonOfAnotherIteration(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            assertThrows(IllegalArgumentException.class, () -> store.comparisons().append(1, 0, List.of(comparison(2, "a", 1, 2))));
        }
    }

    @Test
    void shouldSampleSameComparisonsWhenSeedIsTheSame(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            List<Comparison> round = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                round.add(comparison(1, "l" + i, i, i + 1));
            }
            store.comparisons().append(1, 0, round);
            List<String> a = store.comparisons().sampleUniform(30, 4, 0, 10).stream().map(Comparison::getLabelerId).toList();
            List<String> b = store.comparisons().sampleUniform(30, 4, 0, 10).stream().map(Comparison::getLabelerId).toList();
            List<String> c = store.comparisons().sampleUniform(30, 5, 0, 10).stream().map(Comparison::getLabelerId).toList();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Test
    void shouldNeverSampleAHeldOutComparisonWhenSamplingForReplay(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            // The label stage's round: the last 5 of 20 held out; a later round of 5, none held out.
            List<Comparison> label = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                label.add(comparison(1, (i < 15 ? "train" : "heldout") + i, i, i + 1).toBuilder().setHeldout(i >= 15).build());
            }
            store.comparisons().append(1, 0, label);
            List<Comparison> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(comparison(3, "later" + i, i, i + 1));
            }
            store.comparisons().append(3, 0, later);

            List<String> sampled = store.comparisons().sampleUniform(2000, 7, 0, 10).stream().map(Comparison::getLabelerId).toList();

            assertTrue(sampled.stream().noneMatch(id -> id.startsWith("heldout")), "held-out comparisons were replayed");
            // Every comparison that is not held out can still be drawn: 20 of them, 2,000 draws.
            assertEquals(20, sampled.stream().distinct().count(), sampled.stream().distinct().sorted().toList().toString());
        }
    }

    @Test
    void shouldRefuseToSampleWhenEveryComparisonOfTheRangeIsHeldOut(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            store.comparisons().append(1, 0, List.of(comparison(1, "a", 1, 2).toBuilder().setHeldout(true).build()));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.comparisons().sampleUniform(3, 1, 0, 10));

            assertTrue(e.getMessage().contains("not held out"), e.getMessage());
        }
    }

    @Test
    void shouldDropLaterComparisonsWhenTruncatedForResume(@TempDir Path dir) throws Exception {
        try (RunStore store = store(dir.resolve("run"))) {
            for (long it = 1; it <= 4; it++) {
                store.comparisons().append(it, 0, List.of(comparison(it, "l" + it, 1, 2)));
            }
            store.truncateAfter(2);
            assertEquals(List.of("l1", "l2"), store.comparisons().range(0, 10).stream().map(Comparison::getLabelerId).toList());
        }
    }
}
