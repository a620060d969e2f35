package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.storage.ChatResponseCodec;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.StageCommit;
import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.proto.Tensor;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alignsim inspect}: a ChatWorld run's stages and models are listed when it has any, and only then. */
class InspectCommandTest {
    @TempDir
    Path run;

    private PrintStream originalOut;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
    }

    private String inspect() {
        int exit = Main.execute("inspect", run.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        return text;
    }

    private static ModelRecord model(String name, String role, long version, int parameters) {
        Tensor.Builder weights = Tensor.newBuilder().setName("w").addShape(parameters);
        for (int i = 0; i < parameters; i++) {
            weights.addValues(i * 0.5f);
        }
        return ModelRecord.newBuilder().setName(name).setRole(role).setVersion(version).addWeights(weights).build();
    }

    private static Comparison comparison(long iteration) {
        return Comparison.newBuilder().setIteration(iteration).setLabelerId("a")
                .addResponses(JudgedResponse.newBuilder().addTokens(3)).addResponses(JudgedResponse.newBuilder().addTokens(4))
                .addRanking(1).addRanking(0).build();
    }

    private static StageRecord stage(int index, String name) {
        return StageRecord.newBuilder().setIndex(index).setStage(name).build();
    }

    @Test
    void shouldListStagesAndModelsWhenStoreHoldsThem() {
        try (RunStore store = RunStore.create(run, "chatworld", StoreOptions.defaults())) {
            store.commitStage(new StageCommit(stage(0, "sft"), 0, 0, List.of(), List.of(model("sft", "reference", 3, 10)), null));
            store.commitStage(new StageCommit(stage(1, "label"), 1, 0, List.of(comparison(1), comparison(1)), List.of(), null));
            store.commitStage(new StageCommit(stage(2, "rm"), 2, 0, List.of(),
                    List.of(model("rm/0", "reward", 7, 4), model("rm/1", "reward", 7, 5)), null));
        }

        String text = inspect();

        assertTrue(text.contains("| stage index | stage | comparisons | models |\n|---|---|---|---|\n"
                + "| 0 | sft | 0 | sft |\n| 1 | label | 2 | - |\n| 2 | rm | 0 | rm/0, rm/1 |\n"), text);
        assertTrue(text.contains("| model | role | parameters | version |\n|---|---|---|---|\n"
                + "| rm/0 | reward | 4 | 7 |\n| rm/1 | reward | 5 | 7 |\n| sft | reference | 10 | 3 |\n"), text);
    }

    @Test
    void shouldListNoStagesOrModelsWhenStoreHoldsNone() {
        RunStore.create(run, "cartpole", StoreOptions.defaults()).close();

        String text = inspect();

        assertTrue(text.contains("| kind | records |"), text);
        assertFalse(text.contains("stage"), text);
        assertFalse(text.contains("| model |"), text);
    }

    private static int[][] prompts(int... words) {
        int[][] prompts = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            prompts[i] = new int[] {Vocabulary.BOS, words[i], Vocabulary.SEP};
        }
        return prompts;
    }

    @Test
    void shouldCountChatWorldResponsesWhenStoreHoldsThem() {
        float[] columns = new float[3 * 4];
        try (RunStore store = RunStore.create(run, "chatworld", StoreOptions.defaults())) {
            for (long iteration = 5; iteration <= 6; iteration++) {
                ChatResponses responses = ChatResponseCodec.encode(iteration, 4, prompts(9, 8, 7),
                        new int[][] {{10, Vocabulary.EOS}, {11, 12, Vocabulary.EOS}, {Vocabulary.EOS}}, columns, columns, columns, columns, columns);
                MetricsLine line = MetricsLine.newBuilder().setIteration(iteration).setJson("{}").build();
                store.commit(new RunStore.IterationRecords(iteration, List.of(), line, null, false, List.of(), List.of(responses)), 0);
            }
        }

        String text = inspect();

        assertTrue(text.contains("experience kept: 5..6"), text);
        assertTrue(text.contains("responses: 6 ChatWorld responses,"), text);
        assertFalse(text.contains("transitions"), text);
    }
}
