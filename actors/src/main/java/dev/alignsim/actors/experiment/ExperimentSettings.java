package dev.alignsim.actors.experiment;

import dev.alignsim.env.EnvId;
import dev.alignsim.env.Envs;
import dev.alignsim.env.Space;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.ppo.PpoSettings;
import java.util.Arrays;
import java.util.Objects;

/**
 * One control-world PPO experiment, read once from configuration. Sizes follow CleanRL: a batch is
 * {@code numEnvs * numSteps} transitions, an iteration collects one batch, and a run has
 * {@code totalTimesteps / batch} iterations.
 *
 * @param env the control world, e.g. CartPole-v1
 * @param seed seeds every generator of the run
 * @param totalTimesteps environment steps to train for
 * @param numEnvs environment copies stepped together
 * @param numSteps steps per environment per iteration
 * @param numRunners env-runner actors sharing the environments (must divide numEnvs)
 * @param hidden hidden layer sizes of actor and critic
 * @param device where the networks train
 * @param normalizeObservations running mean/std observation normalisation (CleanRL's continuous PPO)
 * @param normalizeRewards discounted-return reward scaling (CleanRL's continuous PPO)
 * @param ppo PPO's hyper-parameters
 * @param storage checkpoints and retention
 * @param actors how the actors ride out failures
 * @param feedback human feedback instead of the world's reward (none: PPO on the world's reward)
 */
public record ExperimentSettings(
        EnvId env,
        long seed,
        long totalTimesteps,
        int numEnvs,
        int numSteps,
        int numRunners,
        int[] hidden,
        DeviceChoice device,
        boolean normalizeObservations,
        boolean normalizeRewards,
        PpoSettings ppo,
        StorageSettings storage,
        ActorSettings actors,
        FeedbackSettings feedback) {

    public ExperimentSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(actors, "actors");
        Objects.requireNonNull(feedback, "feedback");
        if (feedback.enabled()) {
            require(feedback.segmentLength() <= numSteps, "feedback.segment_length", "<= num_steps (" + numSteps + ")",
                    feedback.segmentLength());
        }
        if (feedback.tamerMode() && !(Envs.create(env.id()).actionSpace() instanceof Space.Discrete)) {
            throw new IllegalArgumentException("feedback.mode = tamer needs a world with discrete actions (TAMER acts greedily on "
                    + "the estimated human reward of each action), got " + env);
        }
        if (!env.isControlWorld()) {
            throw new IllegalArgumentException("experiment.env must be a control world trained by PPO, one of "
                    + EnvId.controlWorlds() + ", got " + env + " (a pipeline of stages, read into ChatSettings)");
        }
        hidden = hidden.clone();
        require(numEnvs >= 1, "num_envs", ">= 1", numEnvs);
        require(numSteps >= 1, "num_steps", ">= 1", numSteps);
        require(numRunners >= 1 && numEnvs % numRunners == 0, "num_runners", "a divisor of num_envs (" + numEnvs + ")", numRunners);
        require(totalTimesteps >= (long) numEnvs * numSteps, "total_timesteps",
                ">= num_envs * num_steps (" + (long) numEnvs * numSteps + ")", totalTimesteps);
        // The record's fields are not assigned yet inside this constructor: use the parameters, not batchSize().
        int batch = numEnvs * numSteps;
        require(batch % ppo.numMinibatches() == 0, "ppo.num_minibatches",
                "a divisor of the batch num_envs * num_steps (" + batch + ")", ppo.numMinibatches());
        if (hidden.length < 1 || !Arrays.stream(hidden).allMatch(h -> h >= 1)) {
            throw new IllegalArgumentException("experiment.hidden must be a non-empty list of positive sizes, got "
                    + Arrays.toString(hidden));
        }
    }

    public int batchSize() {
        return numEnvs * numSteps;
    }

    public int iterations() {
        return (int) (totalTimesteps / batchSize());
    }

    public int envsPerRunner() {
        return numEnvs / numRunners;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    private static void require(boolean ok, String key, String expected, long actual) {
        if (!ok) {
            throw new IllegalArgumentException((key.startsWith("ppo.") || key.startsWith("feedback.") ? "" : "experiment.") + key + " must be " + expected
                    + ", got " + actual);
        }
    }
}
