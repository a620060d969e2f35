package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.experiment.FeedbackSettings;
import dev.alignsim.policy.tamer.TamerSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TamerSettingsTest {
    private static final Path TAMER = Path.of("..", "examples", "cartpole-tamer.conf");

    private static FeedbackSettings feedback(String... overrides) {
        return SettingsLoader.experiment(SettingsLoader.load(TAMER, List.of(overrides))).feedback();
    }

    @Test
    void shouldReadTheTamerSettingsWhenTheExampleIsLoaded() {
        FeedbackSettings f = feedback("feedback.tamer.delay=2", "feedback.tamer.credit_window=4");
        TamerSettings t = f.tamer();

        assertTrue(f.tamerMode());
        assertFalse(f.enabled(), "no preference phase in a TAMER run");
        assertArrayEquals(new int[] {32}, t.hidden());
        assertEquals(10, t.horizon());
        assertEquals(2, t.delay());
        assertEquals(4, t.creditWindow());
        assertEquals(5000, t.memory());
        assertEquals(3e-3, t.learningRate());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "feedback.tamer.horizon=0          | alignsim.feedback.tamer.horizon",
        "feedback.tamer.delay=-1           | alignsim.feedback.tamer.delay",
        "feedback.tamer.credit_window=0    | alignsim.feedback.tamer.credit_window",
        "feedback.tamer.delay=3            | alignsim.feedback.tamer.credit_window",
        "feedback.tamer.memory=0           | alignsim.feedback.tamer.memory",
        "feedback.tamer.epochs=0           | alignsim.feedback.tamer.epochs",
        "feedback.tamer.batch_size=0       | alignsim.feedback.tamer.batch_size",
        "feedback.tamer.learning_rate=0    | alignsim.feedback.tamer.learning_rate",
        "feedback.tamer.hidden=[]          | alignsim.feedback.tamer.hidden",
        "env=Pendulum-v1                   | feedback.mode = tamer",
        "feedback.labelers=[{id=a, strategy=boltzmann}, {id=b, strategy=boltzmann}] | alignsim.feedback.labelers"})
    void shouldRefuseABadTamerSettingWhenNamingTheKey(String setting, String key) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> feedback(setting));

        assertTrue(e.getMessage().contains(key), "expected '" + key + "' in: " + e.getMessage());
    }
}
