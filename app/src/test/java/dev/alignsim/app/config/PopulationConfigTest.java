package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The users' population ({@code chat.population.groups}) and the labelers' groups: defaults, reading, and refusals by key. */
class PopulationConfigTest {
    private static final String TWO_GROUPS = "chat.population.groups=[{ name = everyone }, "
            + "{ name = terse, share = 0.5, weights { length = 5, refusal_style = 0 } }]";

    private static ChatSettings chat(String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("env=ChatWorld");
        all.addAll(List.of(overrides));
        return SettingsLoader.chat(SettingsLoader.load(null, all));
    }

    private static void assertRejectedMentioning(List<String> overrides, String... texts) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> chat(overrides.toArray(String[]::new)));
        for (String text : texts) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
    }

    @Test
    void shouldBeOneGroupEveryoneWithEveryWeightOneWhenOnlyEnvIsSet() {
        assertEquals(UserPopulation.everyone(), chat().population());
    }

    @Test
    void shouldFillInShareAndWeightsOfOneWhenAGroupLeavesThemOut() {
        UserPopulation population = chat(TWO_GROUPS).population();

        assertEquals(List.of(new UserGroup("everyone", 1.0, ComponentWeights.ones()),
                new UserGroup("terse", 0.5, new ComponentWeights(1, 1, 1, 1, 0, 1, 5))), population.groups());
    }

    @Test
    void shouldReadTheLabelersGroupWhenAnEntryNamesOne() {
        ChatSettings settings = chat(TWO_GROUPS, "chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = 0.1 } }, "
                + "{ id = b, strategy = boltzmann, group = terse, params { temperature = 0.1 } }]");

        assertNull(settings.labelers().get(0).group(), "no group: the first");
        assertEquals("terse", settings.labelers().get(1).group());
    }

    @Test
    void shouldRejectNamingTheEntrysShareWhenAGroupsShareIsZero() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a }, { name = b, share = 0 }]"),
                "alignsim.chat.population.groups[1].share", "positive");
    }

    @Test
    void shouldRejectNamingTheEntrysShareWhenAGroupsShareIsNotANumber() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a, share = most }]"),
                "alignsim.chat.population.groups[0].share", "most");
    }

    @Test
    void shouldRejectNamingBothEntriesWhenGroupNamesRepeat() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a }, { name = b }, { name = a }]"),
                "alignsim.chat.population.groups[2].name", "groups[0]");
    }

    @Test
    void shouldRejectNamingTheEntrysNameWhenAGroupNameIsEmpty() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = \"\" }]"), "alignsim.chat.population.groups[0].name");
    }

    @Test
    void shouldRejectNamingTheEntryWhenAGroupHasNoName() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ share = 1 }]"), "alignsim.chat.population.groups[0]", "name");
    }

    @Test
    void shouldRejectNamingTheKeyWhenThereIsNoGroup() {
        assertRejectedMentioning(List.of("chat.population.groups=[]"), "alignsim.chat.population.groups", "at least one");
    }

    @Test
    void shouldRejectNamingTheWeightWhenAWeightIsNotANumber() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a, weights { length = long } }]"),
                "alignsim.chat.population.groups[0].weights.length", "long");
    }

    @Test
    void shouldRejectNamingTheComponentsWhenAWeightIsUnknown() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a, weights { lenght = 1 } }]"),
                "alignsim.chat.population.groups[0].weights", "lenght", "refusal_style");
    }

    @Test
    void shouldRejectNamingTheEntryAndKeyWhenAGroupHasAnUnknownKey() {
        assertRejectedMentioning(List.of("chat.population.groups=[{ name = a, size = 3 }]"), "alignsim.chat.population.groups[0]", "size");
    }

    @Test
    void shouldRejectNamingTheLabelerAndTheKnownGroupsWhenALabelersGroupIsUnknown() {
        assertRejectedMentioning(List.of(TWO_GROUPS, "chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = 0.1 } }, "
                + "{ id = b, strategy = boltzmann, group = nurses, params { temperature = 0.1 } }]"),
                "alignsim.chat.labelers[1].group", "nurses", "'b'", "[everyone, terse]");
    }

    @Test
    void shouldRejectNamingTheDemonstratorWhenADemonstratorsGroupIsUnknown() {
        assertRejectedMentioning(List.of("chat.sft.demonstrators=[{ id = w, strategy = boltzmann, group = nurses, params { temperature = 0.1 } }]"),
                "alignsim.chat.sft.demonstrators[0].group", "'w'", "[everyone]");
    }

    @Test
    void shouldRejectNamingTheEntryWhenAControlWorldLabelerNamesAGroup() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsLoader.experiment(SettingsLoader.load(null,
                List.of("env=CartPole-v1", "feedback.mode=preferences",
                        "feedback.labelers=[{ id = a, strategy = boltzmann, group = everyone, params { temperature = 0.1 } }]"))));

        assertTrue(e.getMessage().contains("alignsim.feedback.labelers[0]") && e.getMessage().contains("group"), e.getMessage());
    }
}
