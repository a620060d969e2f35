package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys renamed to snake_case (or replaced): users are told the new name; stored runs are read under it. */
class RenamedSettingsTest {

    @TempDir
    Path dir;

    private static void assertMentions(InvalidSettingsException e, String... texts) {
        for (String text : texts) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "actors.runner-max-restarts=5, alignsim.actors.max_recoveries",
            "actors.runner_max_restarts=5, alignsim.actors.max_recoveries",
            "actors.rollout-max-attempts=5, alignsim.actors.max_recoveries",
            "actors.rollout_max_attempts=5, alignsim.actors.max_recoveries",
            "actors.learner-dispatcher.type=PinnedDispatcher, alignsim.actors.learner_dispatcher"})
    void shouldNameNewKeyWhenOldKeyIsSet(String override, String newKey) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of(override)));

        assertMentions(e, newKey);
    }

    @Test
    void shouldNameOldAndNewKeyWhenConfigFileUsesOldKey() throws IOException {
        Path file = Files.writeString(dir.resolve("old.conf"), "actors {\n  rollout-max-attempts = 5\n}\n");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsLoader.load(file, List.of()));

        assertMentions(e, "alignsim.actors.rollout-max-attempts", "alignsim.actors.max_recoveries");
    }

    @Test
    void shouldNameMaxRecoveriesWhenMaxAttemptsIsSet() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("chat.ppo.max_attempts=3")));

        assertMentions(e, "alignsim.chat.ppo.max_attempts", "alignsim.chat.ppo.max_recoveries");
    }

    @Test
    void shouldUseDefaultRecoveriesWhenStoredConfigHasMaxAttempts() {
        Config stored = SettingsLoader.loadStored("alignsim { env = ChatWorld, chat.ppo.max_attempts = 9 }");

        assertEquals(3, SettingsLoader.rlhf(stored).maxRecoveries());
    }

    @Test
    void shouldNotListEveryKnownKeyWhenOldKeyIsSet() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("actors.runner-max-restarts=5")));

        assertFalse(e.getMessage().contains("known settings"), e.getMessage());
    }

    @Test
    void shouldSayWhatChangedWhenRolloutMaxAttemptsIsSet() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("actors.rollout_max_attempts=3")));

        assertMentions(e, "alignsim.actors.rollout_max_attempts was replaced by alignsim.actors.max_recoveries",
                "restore every role from its last checkpoint");
    }

    @Test
    void shouldUseDefaultRecoveriesWhenStoredConfigHasRetrySettings() {
        Config stored = SettingsLoader.loadStored(
                "alignsim { env = CartPole-v1, actors { rollout_max_attempts = 7, runner_max_restarts = 2 } }");

        assertEquals(3, SettingsLoader.experiment(stored).actors().maxRecoveries());
    }

    @Test
    void shouldKeepDispatcherWhenStoredConfigUsesOldDispatcherKey() {
        Config stored = SettingsLoader.loadStored(
                "alignsim.actors.learner-dispatcher { type = PinnedDispatcher, executor = thread-pool-executor }");

        assertEquals("PinnedDispatcher", stored.getString("alignsim.actors.learner_dispatcher.type"));
    }
}
