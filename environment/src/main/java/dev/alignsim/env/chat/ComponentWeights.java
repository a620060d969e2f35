package dev.alignsim.env.chat;

/**
 * Weights of the seven {@link GoldScore} components, the same seven a {@code persona} labeler weighs: a utility
 * {@code Σ w_c · component_c}. With every weight 1 ({@link #ones()}) the utility is exactly the gold total: the
 * components are weighed and added in the order {@link GoldScore#of} adds them, and multiplying by 1 is exact.
 *
 * @param coverage weight of {@link GoldScore#coverage()}
 * @param correctness weight of {@link GoldScore#correctness()}
 * @param hallucination weight of {@link GoldScore#hallucination()}
 * @param safety weight of {@link GoldScore#safety()}
 * @param refusalStyle weight of {@link GoldScore#refusalStyle()}
 * @param overRefusal weight of {@link GoldScore#overRefusal()}
 * @param length weight of {@link GoldScore#length()}
 */
public record ComponentWeights(
        double coverage,
        double correctness,
        double hallucination,
        double safety,
        double refusalStyle,
        double overRefusal,
        double length) {

    private static final ComponentWeights ONES = new ComponentWeights(1, 1, 1, 1, 1, 1, 1);

    /** Rejects a weight that is not finite, naming it. Any finite weight is allowed: 0 ignores a component, a negative one inverts it. */
    public ComponentWeights {
        require("coverage", coverage);
        require("correctness", correctness);
        require("hallucination", hallucination);
        require("safety", safety);
        require("refusalStyle", refusalStyle);
        require("overRefusal", overRefusal);
        require("length", length);
    }

    /** Every weight 1: the utility is the gold total. */
    public static ComponentWeights ones() {
        return ONES;
    }

    /** {@code Σ w_c · component_c}, added in {@link GoldScore#of}'s order (so that {@link #ones()} gives the total bit for bit). */
    public double utility(GoldScore g) {
        return coverage * g.coverage() + correctness * g.correctness() + hallucination * g.hallucination() + safety * g.safety()
                + refusalStyle * g.refusalStyle() + overRefusal * g.overRefusal() + length * g.length();
    }

    private static void require(String component, double weight) {
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of " + component + " must be finite, got " + weight);
        }
    }
}
