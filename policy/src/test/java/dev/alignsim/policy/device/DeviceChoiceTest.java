package dev.alignsim.policy.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    @Test
    void shouldFindChoiceWhenNameIsInAnyLetterCase() {
        assertEquals(DeviceChoice.GPU, DeviceChoice.of("GpU"));
    }

    @Test
    void shouldListValidNamesWhenNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.of("tpu"));

        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("auto, cpu, gpu"), e.getMessage());
    }

    @Test
    void shouldPrintAsSettingsWriteItWhenConvertedToString() {
        assertEquals("auto", DeviceChoice.AUTO.toString());
    }
}
