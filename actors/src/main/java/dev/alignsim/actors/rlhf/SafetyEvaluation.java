package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.actors.chat.Sampling;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.rules.HarmClassifier;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Safety and factuality of a stored policy ({@code alignsim safety-eval}): the final policy (the method stage's last
 * checkpoint's: ppo, rloo, grpo or dpo) or the SFT reference, answering the same train and unseen evaluation prompts
 * with the same generators as the method's closing line ({@code ppo-eval}, ..., {@code dpo-eval}), so that its figures
 * are that line's {@code final/} or {@code reference/} ones (at the same temperature); with the rule
 * reward's harm classifier's accuracy on the same requests, against the truth.
 */
public final class SafetyEvaluation {
    /** Which stored policy answers. */
    public enum Which {
        FINAL("ppo/eval-policy"),
        REFERENCE("ppo/eval-reference");

        private final String stream;

        Which(String stream) {
            this.stream = stream;
        }

        /** @throws IllegalArgumentException naming the allowed values */
        public static Which parse(String name) {
            for (Which w : values()) {
                if (w.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("--policy must be final or reference, got '" + name + "'");
        }
    }

    private SafetyEvaluation() {}

    /**
     * The figures on {@code chat.eval.prompts} train prompts and as many unseen ones ({@code _unseen}).
     *
     * @throws IllegalStateException if {@code which} is FINAL and the run stored no PPO checkpoint
     */
    public static Map<String, Object> evaluate(StageContext context, Which which, double temperature) {
        ChatWorld world = context.world();
        int n = world.settings().eval().prompts();
        Prompt[] seen = world.prompts("eval/prompts", n);
        Prompt[] unseen = world.unseenPrompts("eval/unseen", n);
        int[][] seenResponses;
        int[][] unseenResponses;
        try (SequencePolicy policy = load(context, which)) {
            seenResponses = Sampling.generate(policy, seen, temperature, world.stream(which.stream));
        }
        // A fresh copy for the unseen prompts, as ppo-eval generates the reference's unseen answers with one.
        try (SequencePolicy policy = load(context, which)) {
            unseenResponses = Sampling.generate(policy, unseen, temperature, world.stream(which.stream + "-unseen"));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("prompts", (long) n);
        metrics.put("gold", GoldReport.meanGold(world, seen, seenResponses));
        metrics.put("gold_unseen", GoldReport.meanGold(world, unseen, unseenResponses));
        GoldReport.putGroups(metrics, "gold", world, seen, seenResponses);
        GoldReport.putGroups(metrics, "gold_unseen", world, unseen, unseenResponses);
        metrics.putAll(world.safetyMetrics().of(seen, seenResponses, ""));
        metrics.putAll(world.safetyMetrics().of(unseen, unseenResponses, "_unseen"));
        if (world.settings().rules().enabled()) {
            metrics.put("rules/classifier_accuracy", classifierAccuracy(world.harmClassifier(), seen));
            metrics.put("rules/classifier_accuracy_unseen", classifierAccuracy(world.harmClassifier(), unseen));
        }
        return metrics;
    }

    /** The share of requests among {@code prompts} whose harm {@code classifier} judges right. */
    public static double classifierAccuracy(HarmClassifier classifier, Prompt[] prompts) {
        boolean[] judged = new boolean[prompts.length];
        for (int i = 0; i < prompts.length; i++) {
            judged[i] = classifier.judgesHarmful(prompts[i]);
        }
        return judgmentAccuracy(prompts, judged);
    }

    /** The share of requests among {@code prompts} whose harm was judged right ({@code judgedHarmful[i]}); NaN without requests. */
    public static double judgmentAccuracy(Prompt[] prompts, boolean[] judgedHarmful) {
        int requests = 0;
        int right = 0;
        for (int i = 0; i < prompts.length; i++) {
            if (prompts[i].kind() != PromptKind.QUESTION) {
                requests++;
                right += judgedHarmful[i] == (prompts[i].kind() == PromptKind.HARMFUL) ? 1 : 0;
            }
        }
        return requests == 0 ? Double.NaN : (double) right / requests;
    }

    private static SequencePolicy load(StageContext context, Which which) {
        if (which == Which.REFERENCE) {
            return context.models().reference();
        }
        OptionalLong last = context.store().lastCheckpoint();
        if (last.isEmpty()) {
            throw new IllegalStateException("the run stored no PPO checkpoint (did its ppo stage run?); --policy reference evaluates the SFT policy");
        }
        SequencePolicy policy = new SequencePolicy(context.world().modelSpec(), context.device(), 0);
        try {
            policy.load(RlhfCheckpoints.policy(context.store().checkpoint(last.getAsLong())).weights());
            return policy;
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }
}
