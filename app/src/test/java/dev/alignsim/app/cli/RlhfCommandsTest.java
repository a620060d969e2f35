package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.app.Main;
import dev.alignsim.env.chat.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that read a ChatWorld run with a ppo stage: export of its experience, gao-fit (and its best-of-n fit of a
 * bon stage), summary --rlhf, rm-eval.
 */
class RlhfCommandsTest {
    private static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label, rm, ppo]", "device=cpu", "seed=2",
            "chat.world.topics=2", "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2",
            "chat.world.values=4", "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8",
            "chat.model.hidden=16", "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3",
            "chat.sft.batch_size=10", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=40", "chat.ppo.iterations=30", "chat.ppo.batch_prompts=32", "chat.ppo.label_every=10",
            "chat.ppo.label_prompts=16", "chat.ppo.rm_replay=16", "chat.ppo.sample_every=0");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path run;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void runTinyRlhf() {
        run = shared.resolve("rlhf");
        List<String> args = new ArrayList<>(List.of("run", "--no-progress", "--out", run.toString()));
        for (String s : TINY) {
            args.add("--set");
            args.add(s);
        }
        PrintStream originalOut = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute(args.toArray(String[]::new)));
        } finally {
            System.setOut(originalOut);
        }
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

    @Test
    void shouldExportOneRowPerResponseWithPerTokenListsWhenExperienceIsChatWorlds() throws IOException {
        Path file = shared.resolve("experience.jsonl");
        assertEquals(0, Main.execute("export", run.toString(), "--kind", "experience", "--out", file.toString()), stderr());

        List<String> lines = Files.readAllLines(file);
        assertEquals(30 * 32, lines.size());
        for (String line : lines.subList(0, 50)) {
            JsonNode row = JSON.readTree(line);
            int tokens = row.get("tokens").asText().split(" ").length;
            assertEquals(tokens, row.get("log_probs").asText().split(" ").length, line);
            assertEquals(tokens, row.get("rewards").asText().split(" ").length, line);
            assertTrue(row.get("prompt").asText().startsWith(Vocabulary.BOS + " "), "prompts start with BOS, unpadded: " + line);
        }
    }

    @Test
    void shouldRefuseToSampleTransitionsWhenExperienceIsChatWorlds() {
        int exit = Main.execute("export", run.toString(), "--kind", "experience", "--sample", "5", "--seed", "1");

        assertEquals(2, exit, stderr());
        assertTrue(stderr().contains("holds ChatWorld responses"), stderr());
    }

    @Test
    void shouldExportTheSameRowsAsExperienceWhenKindIsResponses() throws IOException {
        Path experience = shared.resolve("as-experience.csv");
        Path responses = shared.resolve("as-responses.csv");
        assertEquals(0, Main.execute("export", run.toString(), "--kind", "experience", "--format", "csv", "--out",
                experience.toString()), stderr());

        assertEquals(0, Main.execute("export", run.toString(), "--kind", "responses", "--format", "csv", "--out",
                responses.toString()), stderr());

        assertEquals(Files.readAllLines(experience), Files.readAllLines(responses));
    }

    @Test
    void shouldFitTheGoldCurveWhenTheRunHasPpoIterations() throws IOException {
        assertEquals(0, Main.execute("gao-fit", run.toString(), "--json"), stderr());

        JsonNode fit = JSON.readTree(stdout());
        assertEquals(3, fit.get("points").asInt(), stdout());
        assertTrue(fit.get("r_squared").isNumber() && fit.get("alpha").isNumber(), stdout());
    }

    @Test
    void shouldRecoverAlphaAndBetaWhenGoldFollowsTheGaoFormExactly() throws IOException {
        Path synthetic = shared.resolve("synthetic");
        Files.createDirectories(synthetic);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            double d = 0.25 * i;
            double gold = 3.0 + (i == 0 ? 0 : d * (0.8 - 0.5 * Math.log(d)));
            lines.append(String.format(Locale.ROOT, "{\"stage\":\"ppo\",\"ppo/iteration\":%d,\"objective/kl\":%.17g,"
                    + "\"objective/gold\":%.17g,\"objective/proxy\":%.17g}%n", i + 1, d * d, gold, 0.1 * i));
        }
        Files.writeString(synthetic.resolve("metrics.jsonl"), lines);

        assertEquals(0, Main.execute("gao-fit", synthetic.toString(), "--window", "1", "--json"), stderr());

        JsonNode fit = JSON.readTree(stdout());
        assertEquals(0.8, fit.get("alpha").asDouble(), 1e-9);
        assertEquals(0.5, fit.get("beta").asDouble(), 1e-9);
        assertEquals(1.0, fit.get("r_squared").asDouble(), 1e-12);
    }

    /** A bon line whose gold on unseen prompts follows d (0.9 - 0.2 d) above 2.0 exactly, d = sqrt(ln n - (n - 1)/n). */
    private static Path syntheticBon(String name, List<Integer> ns) throws IOException {
        Path synthetic = shared.resolve(name);
        Files.createDirectories(synthetic);
        StringBuilder line = new StringBuilder("{\"iteration\":3,\"stage\":\"bon\"");
        for (int n : ns) {
            double kl = Math.log(n) - (n - 1.0) / n;
            double d = Math.sqrt(kl);
            line.append(String.format(Locale.ROOT, ",\"bon/n%d/gold\":%.17g,\"bon/n%d/gold_unseen\":%.17g,\"bon/n%d/kl\":%.17g", n, 1.0 - n,
                    n, 2.0 + d * (0.9 - 0.2 * d), n, kl));
        }
        Files.writeString(synthetic.resolve("metrics.jsonl"), "{\"iteration\":0,\"stage\":\"sft\"}\n" + line + "}\n");
        return synthetic;
    }

    @Test
    void shouldRecoverBestOfNAlphaAndBetaWhenBonGoldFollowsTheGaoFormExactly() throws IOException {
        Path synthetic = syntheticBon("synthetic-bon", List.of(1, 2, 4, 8, 16, 32, 64));

        assertEquals(0, Main.execute("gao-fit", synthetic.toString(), "--json"), stderr());

        JsonNode fit = JSON.readTree(stdout());
        assertEquals(6, fit.get("bon/points").asInt(), "n = 1 is the origin, left out: " + stdout());
        assertEquals(0.9, fit.get("bon/alpha").asDouble(), 1e-9);
        assertEquals(0.2, fit.get("bon/beta").asDouble(), 1e-9);
        assertEquals(1.0, fit.get("bon/r_squared").asDouble(), 1e-12);
        assertFalse(fit.has("alpha"), "no ppo fit without ppo iterations: " + stdout());
    }

    @Test
    void shouldPrintTheBestOfNFitWithItsRSquaredWhenTheRunRanBon() throws IOException {
        Path run = shared.resolve("bon-run");
        List<String> args = new ArrayList<>(List.of("run", "--no-progress", "--out", run.toString()));
        for (String s : TINY) {
            args.add("--set");
            args.add(s.startsWith("pipeline=") ? "pipeline=[sft, label, rm, bon]" : s);
        }
        assertEquals(0, Main.execute(args.toArray(String[]::new)), stderr());
        out.reset();

        assertEquals(0, Main.execute("gao-fit", run.toString()), stderr());

        assertTrue(stdout().contains("best-of-n gold gain on unseen prompts R(d) = d ("), stdout());
        assertTrue(stdout().contains("over 6 points (n = 2, 4, 8, 16, 32, 64)"), stdout());
        assertTrue(stdout().matches("(?s).*R\\^2 -?\\d\\.\\d{3} over 6 points.*"), stdout());
    }

    @Test
    void shouldExitTwoNamingTheProblemWhenTheBonCurveLacksNOne() throws IOException {
        Path synthetic = syntheticBon("bon-without-1", List.of(2, 4, 8, 16));

        assertEquals(2, Main.execute("gao-fit", synthetic.toString()));
        assertTrue(stderr().contains("no n = 1"), stderr());
    }

    @Test
    void shouldExitTwoNamingTheProblemWhenTheRunHasNoPpoIterations() throws IOException {
        Path empty = shared.resolve("no-ppo");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("metrics.jsonl"), "{\"iteration\":0,\"stage\":\"sft\"}\n");

        assertEquals(2, Main.execute("gao-fit", empty.toString()));
        assertTrue(stderr().contains("no ppo iterations"), stderr());
    }

    @Test
    void shouldPrintWhereIterationTimeGoesWhenSummaryIsAskedForRlhf() {
        assertEquals(0, Main.execute("summary", "--rlhf", run.toString()), stderr());

        assertTrue(stdout().contains("| rlhf | 30 | 2..30 |"), stdout());
    }

    @Test
    void shouldEvaluateTheRewardModelWhenTheRunAlsoRanPpo() throws IOException {
        assertEquals(0, Main.execute("rm-eval", run.toString(), "--json"), stderr());

        assertTrue(JSON.readTree(stdout()).get("rm/accuracy_gold").isNumber(), stdout());
    }

    @Test
    void shouldNumberPpoIterationsOneToNInExportedResponsesAsMetricsDo() throws IOException {
        Path file = shared.resolve("numbered.jsonl");
        assertEquals(0, Main.execute("export", run.toString(), "--kind", "responses", "--out", file.toString()), stderr());

        List<String> lines = Files.readAllLines(file);
        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        // The ppo stage is stage 3: its iteration 1 is the run's iteration 3.
        assertEquals(List.of(3L, 1L, 32L, 30L), List.of(first.get("iteration").asLong(), first.get("ppo/iteration").asLong(),
                last.get("iteration").asLong(), last.get("ppo/iteration").asLong()));
    }

    @Test
    void shouldWriteAnEmptyFileAndSaySoWhenNoCheckpointMatchesInCsv() throws IOException {
        Path file = shared.resolve("none.csv");

        int exit = Main.execute("export", run.toString(), "--kind", "checkpoints", "--format", "csv", "--from", "1000", "--out",
                file.toString());

        assertEquals(0, exit, stderr());
        assertEquals(0, Files.size(file));
        assertTrue(stderr().contains("holds no checkpoints in iterations 1000.."), stderr());
    }
}
