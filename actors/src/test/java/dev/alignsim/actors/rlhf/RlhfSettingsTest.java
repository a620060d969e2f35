package dev.alignsim.actors.rlhf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RlhfSettingsTest {

    @Test
    void shouldWriteSecondsWhenDurationIsWholeSeconds() {
        assertEquals("-5s", RlhfSettings.asWritten(Duration.ofSeconds(-5)));
    }

    @Test
    void shouldWriteMillisecondsWhenDurationHasAFraction() {
        assertEquals("-1500ms", RlhfSettings.asWritten(Duration.ofMillis(-1500)));
    }
}
