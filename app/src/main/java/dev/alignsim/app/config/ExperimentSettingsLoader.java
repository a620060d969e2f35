package dev.alignsim.app.config;

import dev.alignsim.actors.experiment.ActorSettings;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.StorageSettings;
import dev.alignsim.env.EnvId;
import dev.alignsim.policy.ppo.PpoSettings;

/**
 * Reads a control world's settings (the top-level keys, {@code ppo}, {@code storage}, {@code actors}) into typed
 * settings, each key checked by {@link SettingReader}; what relates two keys is checked by the records, whose
 * messages name their keys.
 */
final class ExperimentSettingsLoader {
    private ExperimentSettingsLoader() {}

    /** The blocks every world shares the checks of, read whether or not the world uses them. */
    record Blocks(long seed, long totalTimesteps, int numEnvs, int numSteps, int numRunners, int[] hidden, boolean normalizeObservations,
            boolean normalizeRewards, PpoSettings ppo, StorageSettings storage, ActorSettings actors) {}

    static Blocks blocks(SettingReader r) {
        try {
            long seed = r.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE);
            long totalTimesteps = r.whole("total_timesteps", 1, Long.MAX_VALUE);
            int numEnvs = r.count("num_envs", 1);
            int numSteps = r.count("num_steps", 1);
            int numRunners = r.count("num_runners", 1);
            int[] hidden = r.counts("hidden", 1).stream().mapToInt(Integer::intValue).toArray();
            boolean normalizeObservations = r.flag("normalize_observations");
            boolean normalizeRewards = r.flag("normalize_rewards");
            StorageSettings storage = new StorageSettings(r.count("storage.checkpoint_every", 1), r.count("storage.keep_iterations", 0),
                    r.flag("storage.sync_commits"));
            ActorSettings actors = new ActorSettings(r.positiveDuration("actors.ask_timeout"), r.count("actors.max_recoveries", 0));
            return new Blocks(seed, totalTimesteps, numEnvs, numSteps, numRunners, hidden, normalizeObservations, normalizeRewards,
                    ppo(r), storage, actors);
        } catch (IllegalArgumentException e) {
            throw SettingsLoader.qualified(e);
        }
    }

    /** A control world's experiment; {@code env} must name one. */
    static ExperimentSettings experiment(SettingReader r, EnvId env) {
        if (!env.isControlWorld()) {
            throw r.refusal("env", "a control world trained by PPO, one of " + EnvId.controlWorlds());
        }
        Blocks b = blocks(r);
        SizeLimits.checkControlWorld(r, env, b);
        try {
            return new ExperimentSettings(env, b.seed(), b.totalTimesteps(), b.numEnvs(), b.numSteps(), b.numRunners(), b.hidden(),
                    SettingsLoader.device(r), b.normalizeObservations(), b.normalizeRewards(), b.ppo(), b.storage(), b.actors(),
                    FeedbackSettingsLoader.feedback(r));
        } catch (IllegalArgumentException e) {
            throw SettingsLoader.qualified(e);
        }
    }

    private static PpoSettings ppo(SettingReader r) {
        String p = "ppo.";
        double targetKl = r.config().getIsNull(SettingsLoader.key(p + "target_kl")) ? Double.NaN : r.positive(p + "target_kl");
        return new PpoSettings(r.positive(p + "learning_rate"), r.flag(p + "anneal_lr"), r.unitInterval(p + "gamma"),
                r.unitInterval(p + "gae_lambda"), r.count(p + "num_minibatches", 1), r.count(p + "update_epochs", 1), r.flag(p + "norm_adv"),
                r.positive(p + "clip_coef"), r.flag(p + "clip_vloss"), r.nonNegative(p + "ent_coef"), r.positive(p + "vf_coef"),
                r.positive(p + "max_grad_norm"), targetKl, r.positive(p + "adam_epsilon"));
    }
}
