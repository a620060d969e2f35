package dev.alignsim.app.config;

import static dev.alignsim.app.config.SettingsLoader.intSetting;
import static dev.alignsim.app.config.SettingsLoader.key;
import static dev.alignsim.app.config.SettingsLoader.longSetting;

import com.typesafe.config.Config;
import dev.alignsim.actors.experiment.FeedbackSettings;
import dev.alignsim.env.Rng;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.labelers.SegmentLabeler;
import dev.alignsim.policy.preference.SegmentRewardSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads {@code alignsim.feedback}, human feedback on a control world, into {@link FeedbackSettings}. */
final class FeedbackSettingsLoader {
    private FeedbackSettingsLoader() {}

    static FeedbackSettings feedback(Config config) {
        String f = "feedback.";
        FeedbackSettings.Mode mode = choice(config, f + "mode", FeedbackSettings.Mode.class);
        FeedbackSettings.PairSelection selection = choice(config, f + "pair_selection", FeedbackSettings.PairSelection.class);
        List<LabelerSpec> labelers = ChatSettingsLoader.labelers(config, f + "labelers");
        for (int i = 0; i < labelers.size(); i++) {
            try {
                new SegmentLabeler(labelers.get(i), new Rng(0).nextLong());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(key(f + "labelers") + "[" + i + "]: " + e.getMessage());
            }
        }
        int[] hidden = config.getIntList(key(f + "rm.hidden")).stream().mapToInt(Integer::intValue).toArray();
        SegmentRewardSettings rm = new SegmentRewardSettings(hidden, intSetting(config, f + "rm.ensemble_size"),
                intSetting(config, f + "rm.epochs"), intSetting(config, f + "rm.batch_size"), config.getDouble(key(f + "rm.learning_rate")),
                config.getDouble(key(f + "rm.max_grad_norm")), choice(config, f + "rm.scale", SegmentRewardSettings.Scale.class));
        int labels = intSetting(config, f + "labels");
        int initial = intSetting(config, f + "initial_labels");
        if (labels < 1) {
            throw new InvalidSettingsException(key(f + "labels") + " must be >= 1, got " + labels);
        }
        if (initial < 0 || initial > labels) {
            throw new InvalidSettingsException(key(f + "initial_labels") + " must be in [0, feedback.labels = " + labels + "], got " + initial);
        }
        long decay = longSetting(config, f + "label_decay_steps");
        if (decay < 1) {
            throw new InvalidSettingsException(key(f + "label_decay_steps") + " must be >= 1, got " + decay);
        }
        return new FeedbackSettings(mode, labelers, intSetting(config, f + "segment_length"), labels, initial, decay, selection,
                intSetting(config, f + "disagreement_oversample"), intSetting(config, f + "replay"), rm);
    }

    private static <E extends Enum<E>> E choice(Config config, String relative, Class<E> type) {
        String value = config.getString(key(relative));
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(key(relative) + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
        }
    }
}
