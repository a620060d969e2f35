package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.app.Main;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChatWorld through the command line: {@code run --set env=ChatWorld} on a tiny world, {@code rm-eval} on its
 * reward model (and on directories it must refuse), {@code resume} on the finished run. One tiny run is shared.
 */
class ChatRunCommandTest {
    /** A world and model small enough for the whole pipeline to run in about a second on the CPU. */
    private static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label, rm]", "device=cpu", "seed=1", "chat.world.topics=2",
            "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2", "chat.world.values=4",
            "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8", "chat.model.hidden=16",
            "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3", "chat.sft.batch_size=10",
            "chat.sft.learning_rate=0.01", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=40");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path finishedRun;
    private static int runExit;
    private static String runOutput;

    @TempDir
    Path dir;

    private PrintStream originalOut;
    private PrintStream originalErr;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void runTinyChatWorld() {
        finishedRun = shared.resolve("chat");
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try {
            PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            runExit = Main.execute(runArgs(finishedRun, List.of()));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        runOutput = console.toString(StandardCharsets.UTF_8);
    }

    private static String[] runArgs(Path out, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("run", "--out", out.toString()));
        for (String s : TINY) {
            args.add("--set");
            args.add(s);
        }
        for (String s : extra) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(String[]::new);
    }

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path copyOfFinishedRun() throws IOException {
        Path copy = dir.resolve("copy");
        try (var walk = Files.walk(finishedRun)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = copy.resolve(finishedRun.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static JsonNode rmMetricsLine() throws IOException {
        List<String> lines = Files.readAllLines(finishedRun.resolve("metrics.jsonl"));
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    // --- run ---

    @Test
    void shouldExitZeroAndWriteOneMetricsLinePerStageWhenChatWorldRuns() throws IOException {
        assertEquals(0, runExit, runOutput);
        List<String> lines = Files.readAllLines(finishedRun.resolve("metrics.jsonl"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        List<String> stages = new ArrayList<>();
        for (String line : lines) {
            stages.add(JSON.readTree(line).get("stage").asText());
        }
        assertEquals(List.of("sft", "label", "rm"), stages);
    }

    @Test
    void shouldRecordChatWorldInStoredConfigWhenChatWorldRuns() {
        try (RunStore store = RunStore.open(finishedRun, false, StoreOptions.defaults())) {
            assertTrue(store.config().contains("ChatWorld"), store.config());
        }
        assertTrue(Files.isRegularFile(finishedRun.resolve("config.conf")));
    }

    // --- rm-eval ---

    @Test
    void shouldPrintJsonWithGoldAccuracyWhenRmEvalAsksForJson() throws IOException {
        int exit = Main.execute("rm-eval", finishedRun.toString(), "--json");

        assertEquals(0, exit, stderr());
        JsonNode printed = JSON.readTree(stdout().strip());
        assertTrue(printed.has("rm/accuracy_gold"), stdout());
        assertEquals(rmMetricsLine().get("rm/accuracy_gold").asDouble(), printed.get("rm/accuracy_gold").asDouble());
    }

    @Test
    void shouldReproduceTheRmStagesUnseenAccuracyWhenRmEvalAsksForJson() throws IOException {
        int exit = Main.execute("rm-eval", finishedRun.toString(), "--json");

        assertEquals(0, exit, stderr());
        JsonNode printed = JSON.readTree(stdout().strip());
        assertEquals(rmMetricsLine().get("rm/accuracy_gold_unseen").asDouble(), printed.get("rm/accuracy_gold_unseen").asDouble());
    }

    @Test
    void shouldPrintTableWhenRmEvalRunsWithoutJson() {
        int exit = Main.execute("rm-eval", finishedRun.toString());

        assertEquals(0, exit, stderr());
        assertTrue(stdout().contains("accuracy on gold pairs"), stdout());
        assertTrue(stdout().contains("unseen prompts"), stdout());
    }

    @Test
    void shouldExitTwoNamingTheEnvWhenRmEvalIsGivenCartPoleRun() {
        Path cartPole = dir.resolve("cartpole");
        try (RunStore store = RunStore.create(cartPole, "alignsim { env = \"CartPole-v1\" }", StoreOptions.defaults())) {
            store.flush();
        }

        int exit = Main.execute("rm-eval", cartPole.toString());

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("is not a ChatWorld run") && stderr().contains("CartPole-v1"), stderr());
    }

    @Test
    void shouldExitThreeWhenRmEvalIsGivenDirectoryThatIsNotARun() throws IOException {
        Path notARun = Files.createDirectories(dir.resolve("empty"));

        int exit = Main.execute("rm-eval", notARun.toString());

        assertEquals(3, exit, stderr());
        assertTrue(stderr().contains("is not an AlignSim run directory"), stderr());
    }

    @Test
    void shouldExitTwoNamingTheOptionWhenThresholdIsNegative() {
        int exit = Main.execute("rm-eval", finishedRun.toString(), "--threshold", "-1");

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("--threshold"), stderr());
    }

    @Test
    void shouldExitTwoNamingTheMissingRewardModelWhenRunHasNoRmStage() {
        Path sftOnly = dir.resolve("sft-only");
        assertEquals(0, Main.execute(runArgs(sftOnly, List.of("pipeline=[sft]"))), stderr());

        int exit = Main.execute("rm-eval", sftOnly.toString());

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("no reward model"), stderr());
    }

    @Test
    void shouldPrintEachGroupsAccuracyWhenRmEvalReadsARunOfSeveralUserGroups() {
        Path groups = dir.resolve("groups");
        assertEquals(0, Main.execute(runArgs(groups, List.of(
                "chat.population.groups=[{name=terse,share=0.5,weights{length=15}},{name=thorough,share=0.5,weights{coverage=1.5}}]",
                "chat.labelers=[{id=a,strategy=boltzmann,group=terse,share=1,params{temperature=0.1}},"
                        + "{id=b,strategy=boltzmann,group=thorough,share=1,params{temperature=0.1}}]"))), stderr());

        int exit = Main.execute("rm-eval", groups.toString());

        assertEquals(0, exit, stderr());
        assertTrue(stdout().contains("group terse's gold") && stdout().contains("group thorough's gold"), stdout());
    }

    // --- safety-eval ---

    @Test
    void shouldPrintSafetyAndFactsOnUnseenPromptsWhenSafetyEvalReadsTheReference() throws IOException {
        int exit = Main.execute("safety-eval", finishedRun.toString(), "--policy", "reference", "--json");

        assertEquals(0, exit, stderr());
        JsonNode printed = JSON.readTree(stdout().strip());
        for (String key : List.of("safety/f1", "safety/f1_unseen", "safety/not_unsafe_unseen", "facts/hallucination_rate_unseen", "gold_unseen")) {
            assertTrue(printed.has(key), key + " in " + stdout());
        }
        double f1 = printed.get("safety/f1_unseen").asDouble();
        assertTrue(f1 >= 0 && f1 <= 1, "F1 " + f1);
    }

    @Test
    void shouldPrintTableWhenSafetyEvalRunsWithoutJson() {
        int exit = Main.execute("safety-eval", finishedRun.toString(), "--policy", "reference");

        assertEquals(0, exit, stderr());
        assertTrue(stdout().contains("not unsafe") && stdout().contains("unseen") && stdout().contains("hallucination rate"), stdout());
    }

    @Test
    void shouldExitTwoNamingTheMissingCheckpointWhenSafetyEvalAsksForTheFinalPolicyOfARunWithoutPpo() {
        int exit = Main.execute("safety-eval", finishedRun.toString());

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("no PPO checkpoint") && stderr().contains("--policy reference"), stderr());
    }

    @Test
    void shouldExitTwoNamingTheOptionWhenSafetyEvalIsGivenAnUnknownPolicy() {
        int exit = Main.execute("safety-eval", finishedRun.toString(), "--policy", "best");

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("--policy") && stderr().contains("final or reference"), stderr());
    }

    // --- resume ---

    @Test
    void shouldExitZeroAndKeepMetricsWhenFinishedChatWorldRunIsResumed() throws IOException {
        Path copy = copyOfFinishedRun();
        byte[] before = Files.readAllBytes(copy.resolve("metrics.jsonl"));

        int exit = Main.execute("resume", copy.toString());

        assertEquals(0, exit, stderr());
        assertArrayEquals(before, Files.readAllBytes(copy.resolve("metrics.jsonl")));
    }
}
