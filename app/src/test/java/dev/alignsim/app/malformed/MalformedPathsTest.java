package dev.alignsim.app.malformed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paths a command cannot use: a run's {@code --out} that holds a run or other files, is a file or cannot be made;
 * an export's {@code --out} that exists, is a directory or has no writable parent; run directories that do not
 * exist or are not runs, and metrics files that are not JSON lines, given to every command that reads one. Bad
 * input exits 2, a directory that holds no store exits 3; nothing is written and the existing runs are unchanged.
 */
class MalformedPathsTest {
    @TempDir
    static Path workspace;
    private static Path cartPole;
    private static Path chat;
    private static Path inputs;

    @BeforeAll
    static void makeRunsAndInputs() throws IOException {
        cartPole = FinishedRuns.cartPole(workspace.resolve("runs").resolve("cartpole"));
        chat = FinishedRuns.chat(workspace.resolve("runs").resolve("chat"));
        inputs = Files.createDirectories(workspace.resolve("inputs"));
        Files.writeString(Files.createDirectories(inputs.resolve("notes")).resolve("notes.txt"), "my own notes\n");
        Files.writeString(inputs.resolve("a-file"), "not a directory\n");
        Files.createDirectories(inputs.resolve("store-only").resolve("store"));
        Files.createDirectories(inputs.resolve("empty"));
        Files.createDirectories(inputs.resolve("export-target.jsonl"));
        Files.writeString(Files.createDirectories(inputs.resolve("not-json")).resolve("metrics.jsonl"),
                "{\"iteration\":1,\"env_steps\":512}\nthis is not json\n");
        Files.writeString(Files.createDirectories(inputs.resolve("cut-short")).resolve("metrics.jsonl"),
                "{\"iteration\":1,\"env_steps\":512,\"episode_return_mean\":20.0,\"wall_s\":1.0}\n{\"iteration\":2}\n");
        Files.write(Files.createDirectories(inputs.resolve("binary")).resolve("metrics.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.writeString(Files.createDirectories(inputs.resolve("empty-metrics")).resolve("metrics.jsonl"), "");
        Files.writeString(inputs.resolve("existing.jsonl"), "keep me\n");
    }

    /** A command (paths filled in when run) and its exit code and mentions; {path} is the path given. */
    private static Arguments path(int exit, Function<Path, Path> path, Function<Path, String[]> command, String... mentions) {
        return Arguments.of(exit, path, command, List.of(mentions));
    }

    private static Function<Path, String[]> runCartPole() {
        return p -> FinishedRuns.runArgs(FinishedRuns.TINY_CARTPOLE, p);
    }

    private static Function<Path, String[]> runChat() {
        return p -> FinishedRuns.runArgs(FinishedRuns.TINY_CHAT, p);
    }

    private static Function<Path, String[]> exportTo(Function<Path, Path> run) {
        return p -> new String[] {"export", run.apply(null).toString(), "--kind", "metrics", "--out", p.toString()};
    }

    private static Function<Path, String[]> command(String... words) {
        return p -> Stream.concat(Stream.of(words), Stream.of(p.toString())).toArray(String[]::new);
    }

    static Stream<Arguments> badPaths() {
        return Stream.of(
                path(2, p -> inputs.resolve("notes"), runCartPole(), "{path}", "not empty", "notes.txt"),
                path(2, p -> inputs.resolve("notes"), runChat(), "{path}", "not empty"),
                path(2, p -> inputs.resolve("a-file"), runCartPole(), "{path}", "is a file"),
                path(2, p -> inputs.resolve("a-file").resolve("run"), runCartPole(), "{path}", "is a file"),
                path(2, p -> cartPole, runCartPole(), "{path}", "already holds a run"),
                path(2, p -> chat, runChat(), "{path}", "already holds a run"),
                path(2, p -> inputs.resolve("store-only"), runCartPole(), "{path}", "already holds a run"),
                path(2, p -> Path.of("/proc/alignsim-no-such/run"), runCartPole(), "{path}", "cannot be created"),
                path(2, p -> inputs.resolve("existing.jsonl"), exportTo(p -> cartPole), "--out {path}", "already exists"),
                path(2, p -> inputs.resolve("export-target.jsonl"), exportTo(p -> cartPole), "--out {path}", "is a directory"),
                path(2, p -> inputs.resolve("missing-dir").resolve("x.jsonl"), exportTo(p -> cartPole), "--out {path}", "not a directory"),
                path(2, p -> inputs.resolve("a-file").resolve("x.jsonl"), exportTo(p -> chat), "--out {path}", "not a directory"),
                path(2, p -> Path.of("/proc/alignsim-export.jsonl"), exportTo(p -> cartPole), "--out {path}", "cannot write in /proc"),
                path(3, p -> inputs.resolve("no-such-run"), command("inspect"), "{path}", "does not exist"),
                path(3, p -> inputs.resolve("no-such-run"), command("resume", "--no-progress"), "{path}", "does not exist"),
                path(3, p -> inputs.resolve("no-such-run"), command("export", "--kind", "metrics"), "{path}", "does not exist"),
                path(3, p -> inputs.resolve("no-such-run"), command("rm-eval"), "{path}", "does not exist"),
                path(3, p -> inputs.resolve("a-file"), command("inspect"), "{path}", "not a directory"),
                path(3, p -> inputs.resolve("empty"), command("resume", "--no-progress"), "{path}", "not an AlignSim run directory"),
                path(3, p -> inputs.resolve("notes"), command("export", "--kind", "experience"), "{path}", "not an AlignSim run directory"),
                path(2, p -> inputs.resolve("no-such-run"), command("summary"), "{path}", "does not exist"),
                path(2, p -> inputs.resolve("empty"), command("summary"), "{path}", "holds no metrics.jsonl"),
                path(2, p -> inputs.resolve("no-such-run"), command("gao-fit"), "{path}", "does not exist"),
                path(2, p -> inputs.resolve("not-json"), command("summary"), "metrics.jsonl line 2", "not JSON"),
                path(2, p -> inputs.resolve("cut-short"), command("summary"), "metrics.jsonl", "env_steps"),
                path(2, p -> inputs.resolve("binary"), command("summary"), "metrics.jsonl", "not UTF-8"),
                path(2, p -> inputs.resolve("empty-metrics"), command("summary", "--phases"), "metrics.jsonl", "is empty"),
                path(2, p -> inputs.resolve("not-json"), command("gao-fit"), "metrics.jsonl", "not JSON"),
                path(2, p -> chat, command("summary"), "{path}", "ChatWorld run", "--rlhf"),
                path(2, p -> chat, command("summary", "--phases"), "{path}", "ChatWorld run"),
                path(2, p -> cartPole, command("summary", "--rlhf"), "{path}", "0 ppo iterations"),
                path(2, p -> cartPole, command("gao-fit"), "{path}", "no ppo iterations"),
                path(2, p -> cartPole, command("rm-eval"), "{path}", "not a ChatWorld run", "CartPole-v1"),
                path(2, p -> chat, command("export", "--kind", "experience", "--sample", "5"), "--sample", "ChatWorld"));
    }

    @ParameterizedTest(name = "{index}: {2}")
    @MethodSource("badPaths")
    void shouldRefuseWithoutWritingWhenAPathCannotBeUsed(int exit, Function<Path, Path> path, Function<Path, String[]> command,
            List<String> mentions) {
        Path given = path.apply(null);
        List<String> named = mentions.stream().map(m -> m.replace("{path}", given.toString())).toList();

        Refusals.assertRefused(workspace, exit, named, command.apply(given));
    }
}
