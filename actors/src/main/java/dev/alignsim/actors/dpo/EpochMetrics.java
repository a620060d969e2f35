package dev.alignsim.actors.dpo;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.FinalEvaluation;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.methods.SequenceDpoLearner;
import dev.alignsim.policy.rm.RewardEnsemble;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One DPO epoch's metrics line: the epoch's training figures ({@code dpo/...}) and the policy after it, measured under
 * the keys the ppo stage's iteration lines use, so that one script reads both: {@code objective/gold} (with its kinds
 * and groups), {@code objective/proxy} (the rm stage's reward model, when the pipeline has one), {@code objective/kl}
 * (mean over the sampled responses of Σ_t log π − log π_ref, PPO's estimator), {@code objective/entropy},
 * {@code response/length} and the safety figures on fresh train prompts; {@code objective/gold_unseen} and the
 * {@code _unseen} safety figures on the unseen prompts every PPO iteration answers.
 */
final class EpochMetrics {
    private EpochMetrics() {}

    /**
     * @param key the store iteration
     * @param epoch the epoch (from 0)
     * @param pairs the pairs trained on
     * @param unseen the unseen prompts (empty: none are answered) and {@code unseenAnswers} the policy's answers to them
     */
    static Map<String, Object> of(ChatWorld world, long key, int epoch, int pairs, int identicalPairs, SequenceDpoLearner.EpochStats stats, Prompt[] prompts,
            DpoPolicyRole.Answered answers, Prompt[] unseen, DpoPolicyRole.Answered unseenAnswers, Optional<RewardEnsemble> rewardModel,
            long trainNanos, long evalNanos) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iteration", key);
        metrics.put("stage", "dpo");
        metrics.put("dpo/epoch", (long) epoch + 1);
        metrics.put("dpo/pairs", (long) pairs);
        metrics.put("dpo/pairs_identical", (long) identicalPairs);
        metrics.put("dpo/loss", stats.loss());
        metrics.put("dpo/accuracy", stats.accuracy());
        metrics.put("dpo/margin", stats.margin());
        metrics.put("dpo/grad_norm", stats.gradNorm());
        int[][] responses = answers.responses();
        GoldReport.putGold(metrics, "objective/gold", world, prompts, responses);
        rewardModel.ifPresent(rm -> metrics.put("objective/proxy", FinalEvaluation.meanProxy(rm, prompts, responses)));
        metrics.put("objective/kl", Arrays.stream(answers.sequenceKl()).average().orElse(0));
        metrics.put("objective/entropy", -Arrays.stream(answers.sequenceLogProbs()).average().orElse(0));
        if (unseen.length > 0) {
            GoldReport.putGold(metrics, "objective/gold_unseen", world, unseen, unseenAnswers.responses());
        }
        metrics.putAll(world.safetyMetrics().of(prompts, responses, ""));
        if (unseen.length > 0) {
            metrics.putAll(world.safetyMetrics().of(unseen, unseenAnswers.responses(), "_unseen"));
        }
        metrics.put("response/length", GoldReport.meanLength(responses));
        metrics.put("perf/train_s", trainNanos / 1e9);
        metrics.put("perf/eval_s", evalNanos / 1e9);
        return metrics;
    }
}
