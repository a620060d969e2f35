package dev.alignsim.app.config;

import dev.alignsim.actors.experiment.FeedbackSettings;
import dev.alignsim.env.Rng;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.labelers.SegmentLabeler;
import dev.alignsim.policy.preference.SegmentRewardSettings;
import dev.alignsim.policy.tamer.TamerSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads {@code alignsim.feedback}, human feedback on a control world, into {@link FeedbackSettings}; each key checked. */
final class FeedbackSettingsLoader {
    private FeedbackSettingsLoader() {}

    static FeedbackSettings feedback(SettingReader r) {
        String f = "feedback.";
        FeedbackSettings.Mode mode = choice(r, f + "mode", FeedbackSettings.Mode.class);
        FeedbackSettings.PairSelection selection = choice(r, f + "pair_selection", FeedbackSettings.PairSelection.class);
        List<LabelerSpec> labelers = LabelerSettingsLoader.labelers(r, f + "labelers");
        for (int i = 0; i < labelers.size(); i++) {
            try {
                new SegmentLabeler(labelers.get(i), new Rng(0).nextLong());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(SettingsLoader.key(f + "labelers") + "[" + i + "]: " + e.getMessage());
            }
        }
        if (mode == FeedbackSettings.Mode.TAMER && labelers.size() != 1) {
            // One person judges every action in TAMER; more would need a rule for who judges which step.
            throw r.refusal(f + "labelers", "exactly one labeler when feedback.mode = tamer (got " + labelers.size() + ")");
        }
        int[] hidden = r.counts(f + "rm.hidden", 1).stream().mapToInt(Integer::intValue).toArray();
        SegmentRewardSettings rm = new SegmentRewardSettings(hidden, r.count(f + "rm.ensemble_size", 1), r.count(f + "rm.epochs", 1),
                r.count(f + "rm.batch_size", 1), r.positive(f + "rm.learning_rate"), r.positive(f + "rm.max_grad_norm"),
                choice(r, f + "rm.scale", SegmentRewardSettings.Scale.class));
        int labels = r.count(f + "labels", 1);
        int initial = r.count(f + "initial_labels", 0);
        if (initial > labels) {
            throw r.refusal(f + "initial_labels", "a whole number in [0, feedback.labels = " + labels + "]");
        }
        long decay = r.whole(f + "label_decay_steps", 1, Long.MAX_VALUE);
        return new FeedbackSettings(mode, labelers, r.count(f + "segment_length", 1), labels, initial, decay, selection,
                r.count(f + "disagreement_oversample", 1), r.count(f + "replay", 0), rm, tamer(r));
    }

    private static TamerSettings tamer(SettingReader r) {
        String t = "feedback.tamer.";
        int[] hidden = r.counts(t + "hidden", 1).stream().mapToInt(Integer::intValue).toArray();
        int delay = r.count(t + "delay", 0);
        int window = r.count(t + "credit_window", 1);
        if (window < delay + 1) {
            throw r.refusal(t + "credit_window", "a whole number >= feedback.tamer.delay + 1 = " + (delay + 1)
                    + " (a judgement must reach the action it concerns)");
        }
        return new TamerSettings(hidden, r.count(t + "horizon", 1), delay, window, r.count(t + "memory", 1), r.count(t + "epochs", 1),
                r.count(t + "batch_size", 1), r.positive(t + "learning_rate"));
    }

    private static <E extends Enum<E>> E choice(SettingReader r, String relative, Class<E> type) {
        String value = r.text(relative);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.refusal(relative, "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
