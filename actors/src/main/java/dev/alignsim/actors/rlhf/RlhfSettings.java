package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.StageName;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * ChatWorld's RLHF stage ({@code ppo} in the pipeline), read once from {@code alignsim.chat.ppo}.
 *
 * @param iterations PPO iterations
 * @param batchPrompts prompts (one response each) per iteration
 * @param ppo the PPO update's hyper-parameters
 * @param klCoef β, or its initial value when adaptive
 * @param adaptiveKl adapt β towards {@code klTarget} (Ziegler et al.'s controller) rather than keep it fixed
 * @param klTarget target KL(π || π_ref) per response, in nats
 * @param klHorizon the controller's horizon, in responses
 * @param criticFromRm start the critic as a copy of the reward model (InstructGPT) rather than at random
 * @param labelEvery iterations between labeling rounds (0: the reward model stays as the rm stage left it)
 * @param labelPrompts prompts per labeling round (K responses each, K = chat.label.k)
 * @param rmReplay stored comparisons replayed with each round's new ones when the reward model trains on
 * @param rmEpochs epochs of each such reward-model update
 * @param rmRenormalize after each such update, normalise the reward model's scores again (mean 0, std 1 on the
 *     reference's answers, as the rm stage did), so that their scale keeps matching {@code klCoef}; false keeps the
 *     rm stage's normalisation
 * @param sampleEvery iterations between sample prompt -> response lines in the log (0: none)
 * @param checkpointEvery iterations between checkpoints (the last iteration always checkpoints)
 * @param askTimeout how long the coordinator waits for a role's answer before taking the role for failed
 * @param maxRecoveries how many times the stage may restore every role from its last checkpoint, after a role
 *     fails or does not answer within {@code askTimeout}, before the run fails
 * @param rmObjective how the reward-model ensemble's member scores become PPO's reward (Coste et al. 2023): their
 *     mean, the worst member's, or the mean less {@code rmUncertaintyCoef} times their variance
 * @param rmUncertaintyCoef λ of the uncertainty-weighted objective
 * @param method the policy-gradient method: ppo (GAE on a critic, KL in the reward), rloo (leave-one-out baseline,
 *     KL in the reward, no critic) or grpo (group-normalised advantages, KL as a loss term, no critic); β is
 *     {@code klCoef} in each
 * @param samplesPerPrompt responses per prompt of an iteration: 1 for ppo, k ({@code chat.rloo.k}) or G
 *     ({@code chat.grpo.group_size}) otherwise; an iteration samples {@code batchPrompts / samplesPerPrompt} prompts,
 *     so that every method trains on {@code batchPrompts} responses per iteration
 */
public record RlhfSettings(int iterations, int batchPrompts, SequencePpoSettings ppo, double klCoef, boolean adaptiveKl,
        double klTarget, double klHorizon, boolean criticFromRm, int labelEvery, int labelPrompts, int rmReplay, int rmEpochs,
        boolean rmRenormalize, int sampleEvery, int checkpointEvery, Duration askTimeout, int maxRecoveries, EnsembleObjective rmObjective,
        double rmUncertaintyCoef, StageName method, int samplesPerPrompt) {

    /** λ's default: chat.ppo.rm_uncertainty_coef in reference.conf. */
    public static final double DEFAULT_UNCERTAINTY_COEF = 0.5;

    /** Settings whose reward is the ensemble's mean. */
    public RlhfSettings(int iterations, int batchPrompts, SequencePpoSettings ppo, double klCoef, boolean adaptiveKl, double klTarget,
            double klHorizon, boolean criticFromRm, int labelEvery, int labelPrompts, int rmReplay, int rmEpochs, boolean rmRenormalize,
            int sampleEvery, int checkpointEvery, Duration askTimeout, int maxRecoveries) {
        this(iterations, batchPrompts, ppo, klCoef, adaptiveKl, klTarget, klHorizon, criticFromRm, labelEvery, labelPrompts, rmReplay, rmEpochs,
                rmRenormalize, sampleEvery, checkpointEvery, askTimeout, maxRecoveries, EnsembleObjective.MEAN, DEFAULT_UNCERTAINTY_COEF);
    }

    /** PPO's settings with a conservative ensemble objective. */
    public RlhfSettings(int iterations, int batchPrompts, SequencePpoSettings ppo, double klCoef, boolean adaptiveKl, double klTarget,
            double klHorizon, boolean criticFromRm, int labelEvery, int labelPrompts, int rmReplay, int rmEpochs, boolean rmRenormalize,
            int sampleEvery, int checkpointEvery, Duration askTimeout, int maxRecoveries, EnsembleObjective rmObjective,
            double rmUncertaintyCoef) {
        this(iterations, batchPrompts, ppo, klCoef, adaptiveKl, klTarget, klHorizon, criticFromRm, labelEvery, labelPrompts, rmReplay, rmEpochs,
                rmRenormalize, sampleEvery, checkpointEvery, askTimeout, maxRecoveries, rmObjective, rmUncertaintyCoef, StageName.PPO, 1);
    }

    /** The same settings for {@code method} with {@code samplesPerPrompt} responses per prompt. */
    public RlhfSettings withMethod(StageName method, int samplesPerPrompt) {
        return new RlhfSettings(iterations, batchPrompts, ppo, klCoef, adaptiveKl, klTarget, klHorizon, criticFromRm, labelEvery, labelPrompts,
                rmReplay, rmEpochs, rmRenormalize, sampleEvery, checkpointEvery, askTimeout, maxRecoveries, rmObjective, rmUncertaintyCoef, method,
                samplesPerPrompt);
    }

    /** Whether the method learns a critic (ppo only). */
    public boolean usesCritic() {
        return method == StageName.PPO;
    }

    /** Prompts sampled per iteration; each is answered {@link #samplesPerPrompt} times. */
    public int promptsPerIteration() {
        return batchPrompts / samplesPerPrompt;
    }

    public RlhfSettings {
        Objects.requireNonNull(rmObjective, "chat.ppo.rm_objective");
        Objects.requireNonNull(method, "method");
        require(method.isPolicyGradient(), "the RLHF loop runs ppo, rloo or grpo, not " + method);
        String samplesKey = method == StageName.RLOO ? "chat.rloo.k" : "chat.grpo.group_size";
        if (method == StageName.PPO) {
            require(samplesPerPrompt == 1, "ppo answers each prompt once per iteration, got " + samplesPerPrompt + " samples per prompt");
        } else {
            require(samplesPerPrompt >= 2, samplesKey + " must be >= 2 (" + method + " compares each answer with the others to the same"
                    + " prompt), got " + samplesPerPrompt);
            require(batchPrompts % samplesPerPrompt == 0, samplesKey + " (" + samplesPerPrompt + ") must divide chat.ppo.batch_prompts ("
                    + batchPrompts + "): an iteration trains on batch_prompts responses, " + samplesPerPrompt + " to each prompt");
        }
        require(Double.isFinite(rmUncertaintyCoef) && rmUncertaintyCoef >= 0,
                "chat.ppo.rm_uncertainty_coef must be finite and >= 0, got " + rmUncertaintyCoef);
        require(Double.isFinite(klCoef) && klCoef >= 0, "chat.ppo.kl_coef must be finite and >= 0, got " + klCoef);
        require(Double.isFinite(klTarget) && klTarget > 0, "chat.ppo.kl_target must be positive and finite, got " + klTarget);
        require(Double.isFinite(klHorizon) && klHorizon > 0, "chat.ppo.kl_horizon must be positive and finite, got " + klHorizon);
        require(iterations >= 1, "chat.ppo.iterations must be >= 1, got " + iterations);
        require(batchPrompts >= ppo.numMinibatches(), "chat.ppo.batch_prompts must be >= chat.ppo.num_minibatches ("
                + ppo.numMinibatches() + "), got " + batchPrompts);
        require(labelEvery >= 0, "chat.ppo.label_every must be >= 0, got " + labelEvery);
        require(labelEvery == 0 || labelPrompts >= 1, "chat.ppo.label_prompts must be >= 1 when label_every > 0, got " + labelPrompts);
        require(rmReplay >= 0, "chat.ppo.rm_replay must be >= 0, got " + rmReplay);
        require(rmEpochs >= 1, "chat.ppo.rm_epochs must be >= 1, got " + rmEpochs);
        require(sampleEvery >= 0, "chat.ppo.sample_every must be >= 0, got " + sampleEvery);
        require(checkpointEvery >= 1, "chat.ppo.checkpoint_every must be >= 1, got " + checkpointEvery);
        require(!askTimeout.isNegative() && !askTimeout.isZero(),
                "chat.ppo.ask_timeout must be positive, got " + asWritten(askTimeout));
        require(maxRecoveries >= 0, "chat.ppo.max_recoveries must be >= 0, got " + maxRecoveries);
    }

    /** A duration as people write one in settings: -5s, 1500ms; not Java's PT-5S. */
    static String asWritten(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds() + "s";
        }
        if (duration.getNano() % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        return duration.toNanos() + "ns";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
