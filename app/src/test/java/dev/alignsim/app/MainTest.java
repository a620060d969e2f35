package dev.alignsim.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.storage.StoredTensor;
import dev.alignsim.storage.TensorFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private static final List<String> METRIC_KEYS = List.of("iteration", "env_steps", "episode_return_mean",
            "policy/approx_kl", "policy/clipfrac", "value/explained_variance", "objective/entropy", "perf/steps_per_s",
            "wall_s");

    @TempDir
    Path dir;

    private PrintStream originalOut;
    private PrintStream originalErr;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReturnTwoAndCreateNothingWhenSettingIsOutOfRange() {
        Path target = dir.resolve("x");

        int code = Main.execute("run", "--set", "env=CartPole-v1", "--set", "ppo.gamma=2", "--out", target.toString());

        assertEquals(2, code, stderr());
        assertTrue(Files.notExists(target));
    }

    @Test
    void shouldPrintKeyOnStderrWhenSettingIsOutOfRange() {
        Main.execute("run", "--set", "env=CartPole-v1", "--set", "ppo.gamma=2", "--out", dir.resolve("x").toString());

        assertTrue(stderr().contains("alignsim.ppo.gamma"), stderr());
    }

    @Test
    void shouldReturnTwoNamingNewKeyAndCreateNothingWhenOldKeyIsSet() {
        Path target = dir.resolve("x");

        int code = Main.execute("run", "--set", "env=CartPole-v1", "--set", "actors.rollout-max-attempts=5", "--out",
                target.toString());

        assertEquals(2, code, stderr());
        assertTrue(stderr().contains("alignsim.actors.max_recoveries"), stderr());
        assertTrue(Files.notExists(target));
    }

    @Test
    void shouldReturnTwoAndCreateNothingWhenChatPpoSettingIsOutOfRange() {
        Path target = dir.resolve("x");

        int code = Main.execute("run", "--set", "env=ChatWorld", "--set", "device=cpu", "--set", "chat.ppo.max_recoveries=-1",
                "--out", target.toString());

        assertEquals(2, code, stderr());
        assertTrue(stderr().contains("alignsim.chat.ppo.max_recoveries"), stderr());
        assertTrue(Files.notExists(target));
    }

    @Test
    void shouldReturnTwoWhenConfigFileIsMissing() {
        Path missing = dir.resolve("missing.conf");
        Path target = dir.resolve("x");

        int code = Main.execute("run", "--config", missing.toString(), "--out", target.toString());

        assertEquals(2, code, stderr());
        assertTrue(Files.notExists(target));
        assertTrue(stderr().contains(missing.toString()), stderr());
    }

    @Test
    void shouldReturnTwoWhenSetHasNoEquals() {
        Path target = dir.resolve("x");

        int code = Main.execute("run", "--set", "seed", "--out", target.toString());

        assertEquals(2, code, stderr());
        assertTrue(Files.notExists(target));
    }

    @Test
    void shouldReturnTwoAndCreateNothingWhenGpuIsRequestedOnCpuOnlyEngine() {
        Path target = dir.resolve("y");

        int code = Main.execute("run", "--set", "env=CartPole-v1", "--set", "device=gpu", "--out", target.toString());

        assertEquals(2, code, stderr());
        assertTrue(Files.notExists(target));
    }

    @Test
    void shouldReturnTwoAndKeepMetricsWhenOutputDirectoryHoldsRun() throws IOException {
        Path existing = dir.resolve("old");
        Files.createDirectories(existing);
        byte[] metrics = "{\"iteration\":1,\"env_steps\":512}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(existing.resolve("metrics.jsonl"), metrics);

        int code = Main.execute("run", "--set", "env=CartPole-v1", "--set", "device=cpu", "--no-progress", "--out", existing.toString());

        assertEquals(2, code, stderr());
        assertArrayEquals(metrics, Files.readAllBytes(existing.resolve("metrics.jsonl")));
        assertTrue(Files.notExists(existing.resolve("config.conf")));
    }

    @Test
    void shouldReturnZeroWhenHelpIsAsked() {
        int code = Main.execute("--help");

        assertEquals(0, code);
        assertTrue(stdout().contains("run"), stdout());
    }

    @Test
    void shouldReturnZeroWhenRunHelpIsAsked() {
        int code = Main.execute("run", "--help");

        assertEquals(0, code);
        assertTrue(stdout().contains("--config"), stdout());
    }

    @Test
    void shouldReturnTwoWhenOptionIsUnknown() {
        assertEquals(2, Main.execute("run", "--no-such-option"));
    }

    @Test
    void shouldWriteConfigMetricsAndWeightsWhenTinyRunCompletes() throws IOException {
        Path run = dir.resolve("tiny");

        int code = Main.execute("run", "--set", "env=CartPole-v1", "--set", "total_timesteps=2048", "--set", "num_envs=4", "--set", "num_steps=128",
                "--set", "device=cpu", "--no-progress", "--out", run.toString());

        assertEquals(0, code, stderr());
        assertTrue(Files.isRegularFile(run.resolve("config.conf")));
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), String.join("\n", lines));
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = json.readTree(lines.get(i));
            for (String key : METRIC_KEYS) {
                assertTrue(row.has(key), "line " + (i + 1) + " lacks " + key + ": " + lines.get(i));
            }
            assertEquals(i + 1, row.get("iteration").asInt());
            assertEquals(512L * (i + 1), row.get("env_steps").asLong());
        }
        for (String network : List.of("policy", "critic")) {
            List<StoredTensor> tensors = TensorFile.read(run.resolve("weights").resolve(network + ".bin"));
            assertEquals(List.of("w0", "b0", "w1", "b1", "w2", "b2"), tensors.stream().map(StoredTensor::name).toList(),
                    network);
        }
    }
}
