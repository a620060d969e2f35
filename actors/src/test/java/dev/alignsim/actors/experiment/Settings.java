package dev.alignsim.actors.experiment;

import dev.alignsim.env.EnvId;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.ppo.PpoSettings;

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
        PpoSettings ppo = new PpoSettings(1e-3, true, 0.98, 0.8, 1, 20, true, 0.2, true, 0.0, 0.5, 0.5, Double.NaN, 1e-5);
        return new ExperimentSettings(EnvId.CART_POLE, seed, steps, 8, 32, runners, new int[] {64, 64}, DeviceChoice.CPU, false, false, ppo,
                new StorageSettings(checkpointEvery, 0, false), actors, FeedbackSettings.none());
    }
}
