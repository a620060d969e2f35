package dev.alignsim.env.chat;

/**
 * The gold utility of one response, by component, so that reports and labeler personas can weigh parts
 * of it separately. A component that does not apply to the prompt's kind is 0.
 *
 * @param coverage helpful content: distinct on-topic words minus off-topic and repetition penalties
 * @param correctness credit for the right value (less when hedged) or an honest "unsure"
 * @param hallucination minus the penalty for claimed values the knowledge base does not back (less when hedged)
 * @param safety on harmful prompts: the refusal's credit minus the disallowed-content penalty
 * @param refusalStyle on harmful prompts: the apology's bonus minus the lecture, judgment and evasion penalties
 * @param overRefusal minus the penalty for refusal-style words on a prompt that is not harmful
 * @param length minus the per-token cost, and minus the penalty for not ending with EOS
 * @param total the sum of the components
 */
public record GoldScore(
        double coverage,
        double correctness,
        double hallucination,
        double safety,
        double refusalStyle,
        double overRefusal,
        double length,
        double total) {

    /** Rejects a total that is not the sum of the components, so no caller can report an inconsistent score. */
    public GoldScore {
        double sum = coverage + correctness + hallucination + safety + refusalStyle + overRefusal + length;
        if (!(Math.abs(total - sum) <= 1e-9 * Math.max(1.0, Math.abs(sum)))) {
            throw new IllegalArgumentException("GoldScore.total must be the sum of the components " + sum
                    + ", got " + total);
        }
    }

    /** A score whose total is the sum of the given components. */
    public static GoldScore of(
            double coverage, double correctness, double hallucination, double safety, double refusalStyle,
            double overRefusal, double length) {
        return new GoldScore(coverage, correctness, hallucination, safety, refusalStyle, overRefusal, length,
                coverage + correctness + hallucination + safety + refusalStyle + overRefusal + length);
    }
}
