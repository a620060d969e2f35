package dev.alignsim.app.malformed;

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
 * Command lines that cannot be run: unknown commands and options, missing parameters, values of the wrong type or
 * out of range for every command's options. Each exits 2 with a message naming the option and the value given.
 */
class MalformedCommandLinesTest {
    @TempDir
    static Path workspace;
    private static Path cartPole;
    private static Path chat;

    @BeforeAll
    static void makeRuns() {
        cartPole = FinishedRuns.cartPole(workspace.resolve("runs").resolve("cartpole"));
        chat = FinishedRuns.chat(workspace.resolve("runs").resolve("chat"));
    }

    /** A command line ({@code CARTPOLE}, {@code CHAT} and {@code OUT} stand for paths) and what the refusal must name. */
    private static Arguments line(String commandLine, String... mentions) {
        return Arguments.of(commandLine, List.of(mentions));
    }

    static Stream<Arguments> malformedCommandLines() {
        return Stream.of(
                line("nosuchcommand", "nosuchcommand"),
                line("run --no-such-option", "--no-such-option"),
                line("run --config", "--config"),
                line("resume", "DIR"),
                line("inspect CARTPOLE CHAT", "CHAT"),
                line("export CARTPOLE", "--kind"),
                line("export CARTPOLE --kind foo", "--kind foo", "unknown record kind"),
                line("export CARTPOLE --kind meta", "--kind meta", "run metadata"),
                line("export CARTPOLE --kind metrics --format xml", "--format", "xml"),
                line("export CARTPOLE --kind metrics --from abc", "--from", "abc"),
                line("export CARTPOLE --kind metrics --from 5 --to 2", "--from 5 --to 2", "0 <= from <= to"),
                line("export CARTPOLE --kind metrics --from -1", "--from -1"),
                line("export CARTPOLE --kind experience --sample 0", "--sample 0", "positive count"),
                line("export CARTPOLE --kind metrics --sample 5", "--sample 5", "--kind experience"),
                line("export CARTPOLE --kind experience --sample 5 --seed x", "--seed", "x"),
                line("export CARTPOLE --kind metrics --out", "--out"),
                line("gao-fit CHAT --window 0", "--window 0"),
                line("gao-fit CHAT --window abc", "--window", "abc"),
                line("gao-fit CHAT --bins 2", "--bins 2"),
                line("gao-fit CHAT --window 50", "4 ppo iterations", "--window"),
                line("rm-eval CHAT --threshold -1", "--threshold"),
                line("rm-eval CHAT --threshold NaN", "--threshold"),
                line("rm-eval CHAT --threshold x", "--threshold", "x"),
                line("summary", "RUN_DIR"),
                line("summary CARTPOLE --threshold abc", "--threshold", "abc"),
                line("summary CARTPOLE --threshold Infinity", "--threshold Infinity", "finite"),
                line("run --set", "--set"),
                line("run --out OUT --no-progress --set seed", "--set seed", "key=value"),
                line("run --out OUT --no-progress=maybe", "--no-progress"),
                line("resume CARTPOLE --verbose=often", "--verbose"),
                line("run --out OUT --no-progress --set env=CartPole-v1 --labelers-on 127.0.0.1:2551", "--labelers-on", "CartPole-v1"),
                line("run --out OUT --no-progress --set pipeline=[sft,label,rm,dpo] --labelers-on 127.0.0.1:2551", "--labelers-on",
                        "no ppo, rloo or grpo stage"),
                line("run --out OUT --no-progress --labelers-on nowhere", "--labelers-on nowhere", "host:port"),
                line("run --out OUT --no-progress --labelers-on 127.0.0.1:2551 --cluster-port 70000", "--cluster-port 70000"),
                line("run --out OUT --no-progress --tls-key-store OUT", "--tls-key-store", "--labelers-on"),
                line("resume CARTPOLE --labelers-on 127.0.0.1:2551", "--labelers-on", "CartPole-v1"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("malformedCommandLines")
    void shouldRefuseWithExitTwoNamingTheOptionWhenTheCommandLineIsMalformed(String commandLine, List<String> mentions) {
        Function<String, String> paths = s -> s.replace("CARTPOLE", cartPole.toString()).replace("CHAT", chat.toString())
                .replace("OUT", workspace.resolve("out").toString());
        String[] args = Stream.of(commandLine.split(" ")).map(paths).toArray(String[]::new);

        Refusals.assertRefused(workspace, 2, mentions.stream().map(paths).toList(), args);
    }
}
