package dev.alignsim.app.malformed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run directory whose config.conf no longer shows the settings its store was made with (edited, not HOCON, a
 * directory): resume refuses it with exit 2, saying what differs, and writes nothing, for both worlds.
 */
class EditedRunDirectoryTest {
    @TempDir
    static Path workspace;
    private static Path cartPole;
    private static Path chat;

    @TempDir
    Path scratch;

    @BeforeAll
    static void makeRuns() {
        cartPole = FinishedRuns.cartPole(workspace.resolve("runs").resolve("cartpole"));
        chat = FinishedRuns.chat(workspace.resolve("runs").resolve("chat"));
    }

    /** An edit of config.conf's text (REPLACE_WITH_DIRECTORY: make it a directory) and what the refusal names. */
    private static Arguments edit(boolean chatWorld, String from, String to, String... mentions) {
        return Arguments.of(chatWorld, from, to, List.of(mentions));
    }

    static Stream<Arguments> editedConfigs() {
        return Stream.of(
                edit(false, "seed=1", "seed=2", "alignsim.seed: 2 in config.conf, 1 in the store", "was edited"),
                edit(true, "seed=1", "seed=7", "alignsim.seed: 7 in config.conf, 1 in the store"),
                edit(false, "\"num_envs\"=4", "\"num_envs\"=8", "alignsim.num_envs: 8 in config.conf, 4 in the store"),
                edit(true, "hidden=16", "hidden=32", "alignsim.chat.model.hidden: 32 in config.conf, 16 in the store"),
                edit(false, "alignsim {", "alignsim { extra=1,", "alignsim.extra: 1 in config.conf, (absent) in the store"),
                edit(false, "alignsim {", "alignsim {{", "config.conf", "not valid HOCON"),
                edit(true, "alignsim {", "", "config.conf", "not valid HOCON"),
                edit(false, "", "REPLACE_WITH_DIRECTORY", "config.conf", "is not a file"));
    }

    @ParameterizedTest(name = "{index}: {1} -> {2}")
    @MethodSource("editedConfigs")
    void shouldRefuseWithExitTwoSayingWhatDiffersWhenConfigFileWasEdited(boolean chatWorld, String from, String to,
            List<String> mentions) throws IOException {
        Path run = FinishedRuns.copy(chatWorld ? chat : cartPole, scratch.resolve("run"));
        Path config = run.resolve("config.conf");
        if (to.equals("REPLACE_WITH_DIRECTORY")) {
            Files.delete(config);
            Files.createDirectories(config);
        } else {
            String text = Files.readString(config);
            if (!text.contains(from)) {
                throw new AssertionError("config.conf has no '" + from + "':\n" + text);
            }
            Files.writeString(config, text.replaceFirst(Pattern.quote(from), to));
        }

        Refusals.assertRefused(scratch, 2, mentions, "resume", "--no-progress", run.toString());
    }
}
