package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.experiment.FeedbackSettings;
import dev.alignsim.policy.preference.SegmentRewardSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackSettingsTest {
    private static final Path PREFERENCES = Path.of("..", "examples", "cartpole-preferences.conf");

    private static FeedbackSettings feedback(Path file, String... overrides) {
        List<String> all = new ArrayList<>(List.of("env=CartPole-v1"));
        all.addAll(List.of(overrides));
        return SettingsLoader.experiment(SettingsLoader.load(file, all)).feedback();
    }

    private static void assertRefusedNaming(String key, String... overrides) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> feedback(PREFERENCES, overrides));
        assertTrue(e.getMessage().contains(key), "expected '" + key + "' in: " + e.getMessage());
    }

    @Test
    void shouldLearnFromTheWorldsRewardWhenNoFeedbackIsConfigured() {
        assertFalse(feedback(null).enabled());
    }

    @Test
    void shouldReadThePreferenceSettingsWhenTheExampleIsLoaded() {
        FeedbackSettings f = feedback(PREFERENCES, "feedback.pair_selection=disagreement", "feedback.rm.ensemble_size=3",
                "feedback.rm.scale=std");

        assertEquals(FeedbackSettings.Mode.PREFERENCES, f.mode());
        assertEquals(1000, f.labels());
        assertEquals(25, f.segmentLength());
        assertEquals(FeedbackSettings.PairSelection.DISAGREEMENT, f.pairSelection());
        assertEquals(3, f.rewardModel().ensembleSize());
        assertEquals(SegmentRewardSettings.Scale.STD, f.rewardModel().scale());
        assertEquals("boltzmann", f.labelers().get(0).strategy());
    }

    @Test
    void shouldRefuseAnUnknownModeWhenNamingTheKey() {
        assertRefusedNaming("alignsim.feedback.mode", "feedback.mode=tamer-ish");
    }

    @Test
    void shouldRefuseASegmentLongerThanARolloutWhenNamingTheKey() {
        assertRefusedNaming("alignsim.feedback.segment_length", "feedback.segment_length=33");
    }

    @Test
    void shouldRefuseMoreInitialLabelsThanLabelsWhenNamingTheKey() {
        assertRefusedNaming("alignsim.feedback.initial_labels", "feedback.initial_labels=1001");
    }

    @Test
    void shouldRefuseDisagreementWithASingleRewardModelWhenNamingTheKey() {
        assertRefusedNaming("alignsim.feedback.pair_selection", "feedback.pair_selection=disagreement");
    }

    @Test
    void shouldRefuseALabelerStrategyThatReadsChatWorldWhenNamingTheKey() {
        assertRefusedNaming("alignsim.feedback.labelers[0]", "feedback.labelers=[{id=p, strategy=persona}]");
    }
}
