package dev.alignsim.actors.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageNameTest {

    @Test
    void shouldFindStageWhenConfigNameIsKnown() {
        assertEquals(StageName.RM, StageName.of("rm"));
    }

    @Test
    void shouldListValidNamesInOrderWhenNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageName.of("dpo"));

        assertTrue(e.getMessage().contains("'dpo'") && e.getMessage().contains("sft, label, rm, ppo"), e.getMessage());
    }

    @Test
    void shouldPrintConfigNamesWhenPipelineIsPrinted() {
        assertEquals("[sft, ppo]", List.of(StageName.SFT, StageName.PPO).toString());
    }
}
