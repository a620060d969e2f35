package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.labelers.LabelingContext;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.ppo.BatchStatistics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One PPO iteration's metrics line: gold (the hidden utility: population gold, and each group's when the users'
 * population has more than one) beside the proxy (the reward model's score), KL and
 * β, the rule reward and its classifier's accuracy when it runs, safety and factuality (seen and unseen prompts), the
 * learners' health, the labeling round's figures, and where the time went. Names follow TRL's habits.
 */
final class IterationMetrics {
    private static final int SAMPLE_LINES = 3;

    private IterationMetrics() {}

    /** The mean KL(π || π_ref) per response of an iteration, which the KL controller reads. */
    static double meanKl(PpoIteration.Trained t) {
        return Arrays.stream(t.sequenceKl()).average().orElse(0);
    }

    /**
     * @param key the store iteration
     * @param i the PPO iteration (from 0)
     * @param beta the KL coefficient the iteration used
     * @param previousCommitSeconds how long the previous iteration's commit took (NaN: not known)
     */
    static Map<String, Object> of(ChatWorld world, RlhfSettings settings, long key, int i, double beta, double previousCommitSeconds,
            PpoIteration.Trained t) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iteration", key);
        metrics.put("stage", settings.method().configName());
        metrics.put("ppo/iteration", (long) i + 1);
        if (!Double.isNaN(previousCommitSeconds)) {
            metrics.put("perf/previous_commit_s", previousCommitSeconds);
        }
        metrics.putAll(t.labels().metrics());
        PpoIteration.Rollout rollout = t.rollout();
        Prompt[] prompts = rollout.prompts();
        int[][] responses = rollout.generation().responses();
        int n = responses.length;
        double entropy = 0;
        double length = 0;
        long tokens = 0;
        for (int b = 0; b < n; b++) {
            length += LabelingContext.length(responses[b]);
            for (int j = 0; j < responses[b].length; j++) {
                entropy -= rollout.generation().logProb(b, j);
            }
            tokens += responses[b].length;
        }
        double meanKl = meanKl(t);
        double proxy = Arrays.stream(rollout.scores().mean()).average().orElse(0);
        metrics.put("objective/gold", GoldReport.meanGold(world, prompts, responses));
        metrics.put("objective/proxy", proxy);
        metrics.put("objective/kl", meanKl);
        metrics.put("objective/kl_coef", beta);
        RuleRewardRole.Judgments rules = rollout.rules();
        double rule = rules.rewards().length == 0 ? 0 : mean(rules.rewards());
        double rmReward = proxy;
        if (settings.rmObjective() != EnsembleObjective.MEAN) {
            rmReward = mean(rollout.rewardModelRewards(settings.rmObjective(), settings.rmUncertaintyCoef()));
            metrics.put("objective/rm_objective", rmReward);
        }
        metrics.put("objective/rlhf_reward", rmReward + rule - beta * meanKl);
        if (rules.rewards().length > 0) {
            metrics.put("objective/rule", rule);
        }
        metrics.put("objective/entropy", entropy / n);
        Map<String, Double> byKind = new TreeMap<>();
        GoldReport.goldByKind(world, prompts, responses).forEach((kind, gold) -> byKind.put(GoldReport.kindName(kind), gold));
        byKind.forEach((kind, gold) -> metrics.put("objective/gold/" + kind, gold));
        GoldReport.putGroups(metrics, "objective/gold", world, prompts, responses);
        if (rollout.unseen().length > 0) {
            metrics.put("objective/gold_unseen", GoldReport.meanGold(world, rollout.unseen(), rollout.unseenResponses()));
            Map<String, Double> unseenByKind = new TreeMap<>();
            GoldReport.goldByKind(world, rollout.unseen(), rollout.unseenResponses())
                    .forEach((kind, gold) -> unseenByKind.put(GoldReport.kindName(kind), gold));
            unseenByKind.forEach((kind, gold) -> metrics.put("objective/gold_unseen/" + kind, gold));
            GoldReport.putGroups(metrics, "objective/gold_unseen", world, rollout.unseen(), rollout.unseenResponses());
        }
        metrics.putAll(world.safetyMetrics().of(prompts, responses, ""));
        if (rollout.unseen().length > 0) {
            metrics.putAll(world.safetyMetrics().of(rollout.unseen(), rollout.unseenResponses(), "_unseen"));
        }
        putClassifierAccuracy(metrics, "rules/classifier_accuracy", prompts, rules);
        putClassifierAccuracy(metrics, "rules/classifier_accuracy_unseen", rollout.unseen(), rollout.unseenRules());
        metrics.put("rm/spread", Arrays.stream(rollout.scores().spread()).average().orElse(0));
        metrics.put("policy/loss", t.policy().loss());
        metrics.put("policy/approx_kl", t.policy().approxKl());
        metrics.put("policy/clipfrac", t.policy().clipFraction());
        metrics.put("policy/entropy", t.policy().entropy());
        if (t.critic() != null) {
            metrics.put("value/loss", t.critic().loss());
            metrics.put("value/clipfrac", t.critic().clipFraction());
            int[] lengths = Arrays.stream(responses).mapToInt(r -> r.length).toArray();
            metrics.put("value/explained_variance", BatchStatistics.explainedVariance(t.batch().oldValues(), t.batch().returns(), lengths,
                    world.modelSpec().responseLength()));
        }
        metrics.put("response/length", length / n);
        metrics.put("perf/generate_s", rollout.generateNanos() / 1e9);
        metrics.put("perf/score_s", rollout.scoreNanos() / 1e9);
        metrics.put("perf/train_s", t.trainNanos() / 1e9);
        metrics.put("perf/tokens_per_s", tokens / (rollout.generateNanos() / 1e9));
        metrics.put("perf/trained_tokens_per_s", tokens * settings.ppo().updateEpochs() / (t.trainNanos() / 1e9));
        metrics.put("perf/iteration_s", (System.nanoTime() - t.startNanos()) / 1e9);
        return metrics;
    }

    /** The share of requests whose harm the rule-based reward's classifier judged right (nothing when it did not run). */
    private static void putClassifierAccuracy(Map<String, Object> metrics, String key, Prompt[] prompts, RuleRewardRole.Judgments rules) {
        if (rules.judgedHarmful().length > 0) {
            double accuracy = SafetyEvaluation.judgmentAccuracy(prompts, rules.judgedHarmful());
            if (!Double.isNaN(accuracy)) {
                metrics.put(key, accuracy);
            }
        }
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The first few prompt -> response pairs of an iteration, with gold and proxy. */
    static void samples(ChatWorld world, int i, PpoIteration.Trained t, Consumer<String> out) {
        Prompt[] prompts = t.rollout().prompts();
        int[][] responses = t.rollout().generation().responses();
        for (int b = 0; b < Math.min(SAMPLE_LINES, responses.length); b++) {
            out.accept(String.format(Locale.ROOT, "ppo %d sample: %s  (gold %.2f, proxy %.2f)", i + 1,
                    world.rendering().render(prompts[b], responses[b]), world.populationGold(prompts[b], responses[b]),
                    t.rollout().scores().mean()[b]));
        }
    }
}
