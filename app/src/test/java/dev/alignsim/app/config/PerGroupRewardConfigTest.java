package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.chat.ChatSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code chat.rm.per_group}: its default, the ensemble it makes, and its refusals, each naming its keys. */
class PerGroupRewardConfigTest {
    private static final String TWO_GROUPS = "chat.population.groups=[{ name = helpful, share = 3 }, { name = terse, weights { length = 5 } }]";
    private static final String BOTH_LABELED = "chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = 0.1 } }, "
            + "{ id = b, strategy = boltzmann, group = terse, params { temperature = 0.1 } }]";

    private static List<String> with(String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("env=ChatWorld");
        all.addAll(List.of(overrides));
        return all;
    }

    private static ChatSettings chat(String... overrides) {
        return SettingsLoader.chat(SettingsLoader.load(null, with(overrides)));
    }

    private static void assertMentions(InvalidSettingsException e, String... texts) {
        for (String text : texts) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
    }

    @Test
    void shouldBeOneRewardForEveryoneWhenPerGroupIsLeftOut() {
        assertFalse(chat(TWO_GROUPS, BOTH_LABELED).rm().perGroup());
    }

    @Test
    void shouldHaveOneMemberPerGroupWhenPerGroupIsOnAndTheEnsembleSizeIsLeftAtOne() {
        ChatSettings settings = chat(TWO_GROUPS, BOTH_LABELED, "chat.rm.per_group=true");

        assertTrue(settings.rm().perGroup());
        assertEquals(2, settings.rm().ensembleSize());
    }

    @Test
    void shouldAcceptTheNumberOfGroupsAsEnsembleSizeWhenPerGroupIsOn() {
        assertEquals(2, chat(TWO_GROUPS, BOTH_LABELED, "chat.rm.per_group=true", "chat.rm.ensemble_size=2").rm().ensembleSize());
    }

    @Test
    void shouldRejectNamingBothKeysWhenTheEnsembleSizeIsNeitherOneNorTheNumberOfGroups() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> chat(TWO_GROUPS, BOTH_LABELED, "chat.rm.per_group=true", "chat.rm.ensemble_size=3"));

        assertMentions(e, "alignsim.chat.rm.ensemble_size = 3", "chat.rm.per_group", "(2)");
    }

    @Test
    void shouldRejectNamingTheGroupAndTheLabelersWhenAGroupHasNoLabeler() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> chat(TWO_GROUPS, "chat.rm.per_group=true"));

        assertMentions(e, "alignsim.chat.rm.per_group", "'terse'", "chat.labelers");
    }

    @Test
    void shouldRejectNamingTheGroupWhenItsOnlyLabelerHasShareZero() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> chat(TWO_GROUPS, "chat.rm.per_group=true",
                "chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = 0.1 } }, "
                        + "{ id = b, strategy = boltzmann, group = terse, share = 0, params { temperature = 0.1 } }]"));

        assertMentions(e, "'terse'", "chat.labelers");
    }

    @Test
    void shouldAllowPerGroupWithASingleGroup() {
        ChatSettings settings = chat("chat.rm.per_group=true");

        assertEquals(1, settings.rm().ensembleSize());
    }

    @Test
    void shouldRejectNamingBothKeysWhenAConservativeObjectiveMeetsPerGroupRewards() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsLoader.rlhf(SettingsLoader.load(null,
                with(TWO_GROUPS, BOTH_LABELED, "chat.rm.per_group=true", "chat.rm.ensemble_size=2", "chat.ppo.rm_objective=worst_case"))));

        assertMentions(e, "alignsim.chat.ppo.rm_objective", "alignsim.chat.rm.per_group");
    }
}
