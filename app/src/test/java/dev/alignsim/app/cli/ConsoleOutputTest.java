package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import dev.alignsim.app.store.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run shows on the console and what it keeps in its log file. */
class ConsoleOutputTest {
    private static final String[] TINY_CARTPOLE = {"--set", "env=CartPole-v1", "--set", "device=cpu", "--set", "total_timesteps=1024",
        "--no-progress"};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

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

    private String console() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private int run(Path target, String... more) {
        String[] args = new String[3 + TINY_CARTPOLE.length + more.length];
        args[0] = "run";
        args[1] = "--out";
        args[2] = target.toString();
        System.arraycopy(TINY_CARTPOLE, 0, args, 3, TINY_CARTPOLE.length);
        System.arraycopy(more, 0, args, 3 + TINY_CARTPOLE.length, more.length);
        return Main.execute(args);
    }

    @Test
    void shouldWriteIterationLinesToTheRunLogAndNotToTheConsoleWhenNotVerbose() throws Exception {
        Path target = dir.resolve("quiet");

        assertEquals(0, run(target), console());

        assertFalse(console().contains("iteration 1/2"), console());
        String log = Files.readString(target.resolve("alignsim.log"));
        assertTrue(log.contains("iteration 1/2") && log.contains("device: cpu"), log);
    }

    @Test
    void shouldShowIterationLinesOnTheConsoleWhenVerbose() {
        assertEquals(0, run(dir.resolve("verbose"), "--verbose"), console());

        assertTrue(console().contains("iteration 1/2"), console());
    }

    @Test
    void shouldKeepLibtorchsDeprecationWarningOffTheConsoleWhenANetworkIsLoaded() throws Exception {
        Path log = dir.resolve("child.log");
        // The label stage loads the SFT model from the store: libtorch's first copy into a tensor, where it warns.
        Process child = ChildJvm.alignsim(log, "run", "--no-progress", "--out", dir.resolve("chat").toString(), "--set", "env=ChatWorld",
                "--set", "device=cpu", "--set", "pipeline=[sft, label]", "--set", "chat.world.topics=2", "--set", "chat.model.hidden=16",
                "--set", "chat.sft.demonstrations=60", "--set", "chat.sft.epochs=1", "--set", "chat.label.prompts=20", "--set",
                "chat.eval.prompts=20");

        assertEquals(0, ChildJvm.await(child, log, 180), Files.readString(log));

        String console = Files.readString(log);
        assertTrue(console.contains("alignsim: label:"), console);
        assertFalse(console.contains("AutoNonVariableTypeMode"), console);
    }
}
