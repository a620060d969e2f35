package dev.alignsim.actors.experiment;

import dev.alignsim.env.EnvId;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.ppo.PpoSettings;
import dev.alignsim.policy.preference.SegmentRewardSettings;
import dev.alignsim.policy.tamer.TamerSettings;
import java.util.List;
import java.util.Map;

/** Experiment settings for tests: CartPole, tuned like the fast example so that learning shows in few steps. */
final class Settings {
    /** A batch of {@link #fastCartPole}: 8 environments times 32 steps. */
    static final int BATCH = 8 * 32;

    private Settings() {}

    static ExperimentSettings fastCartPole(long seed, long steps, int runners) {
        return fastCartPole(seed, steps, runners, 4, ActorSettings.defaults());
    }

    /** With a checkpoint every {@code checkpointEvery} iterations and these fault-tolerance settings. */
    static ExperimentSettings fastCartPole(long seed, long steps, int runners, int checkpointEvery, ActorSettings actors) {
        return fastCartPole(seed, steps, runners, checkpointEvery, actors, FeedbackSettings.none());
    }

    /**
     * From preferences: two labelers (a noisy one and one who flips), 8-step segments, an ensemble of two chosen by
     * disagreement, replay of stored comparisons; labels every iteration.
     */
    static ExperimentSettings preferenceCartPole(long seed, long steps, int checkpointEvery, ActorSettings actors) {
        FeedbackSettings feedback = new FeedbackSettings(FeedbackSettings.Mode.PREFERENCES, List.of(
                new LabelerSpec("noisy", "boltzmann", Map.of("temperature", 1.0), 1),
                new LabelerSpec("flipper", "flip", Map.of("p", 0.25), 1)), 8, 120, 20, 500,
                FeedbackSettings.PairSelection.DISAGREEMENT, 3, 16, new SegmentRewardSettings(new int[] {16}, 2, 2, 8, 1e-3, 1.0,
                        SegmentRewardSettings.Scale.RMS), FeedbackSettings.none().tamer());
        return fastCartPole(seed, steps, 2, checkpointEvery, actors, feedback);
    }

    /** TAMER: a labeler with little noise judges every action's true advantage over the next 10 steps. */
    static ExperimentSettings tamerCartPole(long seed, long steps) {
        FeedbackSettings none = FeedbackSettings.none();
        FeedbackSettings feedback = new FeedbackSettings(FeedbackSettings.Mode.TAMER, List.of(
                new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.5), 1)), 1, 1, 0, 1,
                FeedbackSettings.PairSelection.RANDOM, 1, 0, none.rewardModel(),
                new TamerSettings(new int[] {32}, 10, 0, 1, 5000, 4, 64, 3e-3));
        return fastCartPole(seed, steps, 2, 1, ActorSettings.defaults(), feedback);
    }

    private static ExperimentSettings fastCartPole(long seed, long steps, int runners, int checkpointEvery, ActorSettings actors,
            FeedbackSettings feedback) {
        PpoSettings ppo = new PpoSettings(1e-3, true, 0.98, 0.8, 1, 20, true, 0.2, true, 0.0, 0.5, 0.5, Double.NaN, 1e-5);
        return new ExperimentSettings(EnvId.CART_POLE, seed, steps, 8, 32, runners, new int[] {64, 64}, DeviceChoice.CPU, false, false, ppo,
                new StorageSettings(checkpointEvery, 0, false), actors, feedback);
    }
}
