package dev.alignsim.actors.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void shouldListValidNamesWhenNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageName.of("kto"));

        assertTrue(e.getMessage().contains("'kto'") && e.getMessage().contains("sft, label, rm, ppo, rloo, grpo, dpo, bon"), e.getMessage());
    }

    @Test
    void shouldPrintConfigNamesWhenPipelineIsPrinted() {
        assertEquals("[sft, ppo]", List.of(StageName.SFT, StageName.PPO).toString());
    }

    @Test
    void shouldAcceptEveryMethodWhenItFollowsWhatItNeeds() {
        for (StageName method : List.of(StageName.PPO, StageName.RLOO, StageName.GRPO, StageName.BON, StageName.DPO)) {
            assertNull(StageName.whyInvalid(List.of(StageName.SFT, StageName.LABEL, StageName.RM, method)), method.configName());
        }
        assertNull(StageName.whyInvalid(List.of(StageName.SFT, StageName.LABEL, StageName.DPO)));
    }

    @Test
    void shouldRefuseWhenRlooHasNoRewardModelBeforeIt() {
        String why = StageName.whyInvalid(List.of(StageName.SFT, StageName.LABEL, StageName.RLOO));

        assertTrue(why.contains("rloo stage needs the rm stage"), why);
    }

    @Test
    void shouldRefuseWhenTwoMethodsShareAPipeline() {
        String why = StageName.whyInvalid(List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.PPO, StageName.BON));

        assertTrue(why.contains("'ppo' must be the pipeline's last"), why);
    }

    @Test
    void shouldRefuseWhenBaseStagesHaveAGap() {
        String why = StageName.whyInvalid(List.of(StageName.SFT, StageName.RM));

        assertTrue(why.contains("without gaps"), why);
    }

    @Test
    void shouldNameTheEvaluationLineWhenAStageWritesIterations() {
        assertEquals("grpo-eval", StageName.GRPO.closingLine());
        assertEquals("bon", StageName.BON.closingLine());
        assertEquals(StageName.RLOO, StageName.method(List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.RLOO)));
    }
}
