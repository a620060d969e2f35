package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;
import java.util.Map;

/**
 * The closing evaluation of a stage that trains a policy away from the SFT reference ({@code ppo-eval},
 * {@code rloo-eval}, {@code grpo-eval}, {@code dpo-eval}): the reference and the final policy answer the same fresh
 * train prompts and the same evaluation prompts that no stage has seen ({@code chat.eval.prompts} of each), and their
 * answers are reported under the same keys, {@code reference/...} beside {@code final/...}, so that one script reads
 * any method's closing line. Every method draws from the streams ppo-eval always has ({@code ppo/eval-reference},
 * {@code ppo/eval-policy} and their {@code -unseen} twins), which {@code alignsim safety-eval} reads too: at the same
 * temperature, the reference's answers, and so its figures, are the same in every method's run of one seed.
 */
public final class FinalEvaluation {
    private FinalEvaluation() {}

    /** Both policies' answers: to the train prompts {@code eval} and to the unseen prompts {@code unseen}. */
    public record Answers(Prompt[] eval, int[][] reference, int[][] policy, Prompt[] unseen, int[][] referenceUnseen,
            int[][] policyUnseen) {}

    /** The reference's and {@code policy}'s answers at {@code temperature}. */
    public static Answers answer(StageContext context, SequencePolicy policy, double temperature) {
        ChatWorld world = context.world();
        String s = "ppo";
        Prompt[] eval = world.prompts("eval/prompts", world.settings().eval().prompts());
        Prompt[] unseen = world.unseenPrompts("eval/unseen", world.settings().eval().prompts());
        int[][] before;
        int[][] beforeUnseen;
        try (SequencePolicy reference = context.models().reference()) {
            before = Sampling.generate(reference, eval, temperature, world.stream(s + "/eval-reference"));
            beforeUnseen = Sampling.generate(reference, unseen, temperature, world.stream(s + "/eval-reference-unseen"));
        }
        int[][] after = Sampling.generate(policy, eval, temperature, world.stream(s + "/eval-policy"));
        int[][] afterUnseen = Sampling.generate(policy, unseen, temperature, world.stream(s + "/eval-policy-unseen"));
        return new Answers(eval, before, after, unseen, beforeUnseen, afterUnseen);
    }

    /**
     * Gold of both policies on both prompt sets ({@code reference/gold}, {@code final/gold}, {@code reference/gold_unseen},
     * {@code final/gold_unseen}, with their per-kind and per-group keys), then their safety and factuality figures.
     */
    public static void putGoldAndSafety(Map<String, Object> metrics, ChatWorld world, Answers a) {
        GoldReport.putGold(metrics, "reference/gold", world, a.eval(), a.reference());
        GoldReport.putGold(metrics, "final/gold", world, a.eval(), a.policy());
        GoldReport.putGold(metrics, "reference/gold_unseen", world, a.unseen(), a.referenceUnseen());
        GoldReport.putGold(metrics, "final/gold_unseen", world, a.unseen(), a.policyUnseen());
        putSafety(metrics, "reference/", world, a.eval(), a.reference(), a.unseen(), a.referenceUnseen());
        putSafety(metrics, "final/", world, a.eval(), a.policy(), a.unseen(), a.policyUnseen());
    }

    /** {@code reference/response_length} and {@code final/response_length}, on the train prompts. */
    public static void putLengths(Map<String, Object> metrics, Answers a) {
        metrics.put("reference/response_length", GoldReport.meanLength(a.reference()));
        metrics.put("final/response_length", GoldReport.meanLength(a.policy()));
    }

    /** Safety and factuality of one policy's answers, on train prompts and (suffixed _unseen) unseen ones. */
    private static void putSafety(Map<String, Object> metrics, String prefix, ChatWorld world, Prompt[] seen, int[][] seenResponses,
            Prompt[] unseen, int[][] unseenResponses) {
        world.safetyMetrics().of(seen, seenResponses, "").forEach((k, v) -> metrics.put(prefix + k, v));
        world.safetyMetrics().of(unseen, unseenResponses, "_unseen").forEach((k, v) -> metrics.put(prefix + k, v));
    }

    /** Mean normalised score (the members combined as the ensemble combines them). */
    public static double meanProxy(RewardEnsemble rewardModel, Prompt[] prompts, int[][] responses) {
        return Arrays.stream(rewardModel.scores(ChatWorld.tokens(prompts), responses).mean()).average().orElse(Double.NaN);
    }
}
