package dev.alignsim.app.malformed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed {@code --config} files: missing, a directory, not HOCON, binary, unknown, renamed or mistyped keys
 * (named with the file and line), bad blocks. Each is refused with exit 2 before anything is written, naming the file
 * or the key.
 */
class MalformedConfigFilesTest {
    private static final String NAME = "experiment.conf";

    @TempDir
    Path workspace;

    /** A config file's text (null: no file), and what the refusal must name; FILE stands for the file's path. */
    private static Arguments file(String text, String... mentions) {
        return Arguments.of(text, List.of(mentions));
    }

    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                file(null, "config file FILE", "does not exist"),
                file("DIRECTORY", "config file FILE", "a directory"),
                file("env = CartPole-v1\nppo {\n  gamma = 0.9\n", "config file FILE", "not valid HOCON"),
                file("BINARY", "config file FILE"),
                file("[1, 2, 3]\n", "config file FILE", "not valid HOCON"),
                file("env = CartPole-v1\nnum_env = 8\n", "alignsim.num_env", "known settings under alignsim"),
                file("env = CartPole-v1\nseed = abc\n", "alignsim.seed = abc", "FILE line 2"),
                file("env = CartPole-v1\nppo {\n  gamma = 2\n}\n", "alignsim.ppo.gamma = 2", "FILE line 3"),
                file("env = CartPole-v1\nactors {\n  rollout-max-attempts = 5\n}\n", "alignsim.actors.rollout-max-attempts",
                        "alignsim.actors.max_recoveries"),
                file("alignsim = 5\n", "alignsim = 5", "block"),
                file("env = ChatWorld\nchat.labelers = []\n", "alignsim.chat.labelers", "at least one labeler"),
                file("env = CartPole-v1\nseed = ${nope}\n", "nope"),
                file("include required(\"missing-part.conf\")\n", "config file FILE", "missing-part.conf"),
                file("env = CartPole-v1\n\"ppo.gamma\" = 0.9\n", "ppo.gamma", "unknown setting"),
                file("env = ChatWorld\nchat {\n  model = 5\n}\n", "alignsim.chat.model = 5", "FILE line 3"),
                file("env = ChatWorld\npipeline = [label, sft]\n", "alignsim.pipeline", "[label, sft]"),
                file("env = ChatWorld\nchat.ppo.ask_timeout = 2 fortnights\n", "alignsim.chat.ppo.ask_timeout = \"2 fortnights\""),
                file("env = CartPole-v1\nhidden = 64\n", "alignsim.hidden = 64", "list"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("malformedFiles")
    void shouldRefuseWithExitTwoNamingTheFileOrKeyWhenTheConfigFileIsMalformed(String text, List<String> mentions) throws IOException {
        Path config = workspace.resolve(NAME);
        if ("DIRECTORY".equals(text)) {
            Files.createDirectories(config);
        } else if ("BINARY".equals(text)) {
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 37 + 11);
            }
            Files.write(config, bytes);
        } else if (text != null) {
            Files.writeString(config, text, StandardCharsets.UTF_8);
        }
        List<String> named = mentions.stream().map(m -> m.replace("FILE", config.toString())).toList();

        Refusals.assertRefused(workspace, 2, named, "run", "--no-progress", "--config", config.toString(), "--out",
                workspace.resolve("run").toString());
    }
}
