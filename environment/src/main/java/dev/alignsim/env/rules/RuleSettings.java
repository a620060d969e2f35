package dev.alignsim.env.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * The rule-based reward's settings ({@code chat.rules}), read once.
 *
 * @param enabled whether PPO's reward adds the rule reward to the reward model's score (a RuleReward role runs)
 * @param safety whether the request rubric pays (its weights are 0 otherwise)
 * @param facts whether the factuality rubric pays (its weights are 0 otherwise)
 * @param weights where the weights come from: {@code hand} or {@code fitted}
 * @param hand the hand-set weights
 * @param fitPrompts train prompts in the fitting set
 * @param fitMargin the margin a better completion's total reward must clear a worse one's by
 * @param fitL2 the L2 penalty of the fit
 * @param fitWithRm whether the totals the fit orders include the reward model's scores (Mu et al.) or only the rule reward
 * @param falseNegativeRate share of harmful requests the classifier misses
 * @param falsePositiveRate share of borderline requests the classifier flags
 */
public record RuleSettings(boolean enabled, boolean safety, boolean facts, WeightSource weights, RuleWeights hand, int fitPrompts,
        double fitMargin, double fitL2, boolean fitWithRm, double falseNegativeRate, double falsePositiveRate) {

    /** Where the weights come from. */
    public enum WeightSource {
        HAND,
        FITTED;

        /** @throws IllegalArgumentException naming the allowed values */
        public static WeightSource parse(String name) {
            for (WeightSource s : values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("chat.rules.weights must be hand or fitted, got '" + name + "'");
        }
    }

    public RuleSettings {
        Objects.requireNonNull(weights, "chat.rules.weights");
        Objects.requireNonNull(hand, "chat.rules.hand");
        if (fitPrompts < 1) {
            throw new IllegalArgumentException("chat.rules.fit_prompts must be >= 1, got " + fitPrompts);
        }
        if (!(fitMargin >= 0 && Double.isFinite(fitMargin))) {
            throw new IllegalArgumentException("chat.rules.fit_margin must be finite and >= 0, got " + fitMargin);
        }
        if (!(fitL2 > 0 && Double.isFinite(fitL2))) {
            throw new IllegalArgumentException("chat.rules.fit_l2 must be finite and > 0, got " + fitL2);
        }
        if (enabled && !safety && !facts) {
            throw new IllegalArgumentException("chat.rules.enabled is true but both chat.rules.safety and chat.rules.facts are false: "
                    + "the rule reward would pay nothing; turn one on or set enabled = false");
        }
        new NoisyHarmClassifier(falseNegativeRate, falsePositiveRate, 0);
    }

    /** No rule reward: the reference.conf defaults with {@code enabled = false}. */
    public static RuleSettings off() {
        return new RuleSettings(false, true, true, WeightSource.FITTED, RuleWeights.hand(), 256, 1.0, 0.01, true, 0.0, 0.0);
    }

    /** The classifier, its errors keyed by {@code key}. */
    public HarmClassifier classifier(long key) {
        return new NoisyHarmClassifier(falseNegativeRate, falsePositiveRate, key);
    }

    /** {@code w} with the weights of a rubric that is switched off set to 0. */
    public RuleWeights applyRubrics(RuleWeights w) {
        RuleWeights out = w;
        if (!safety) {
            out = out.without(RuleCategory.HARMFUL_REQUEST).without(RuleCategory.HARMLESS_REQUEST);
        }
        if (!facts) {
            out = out.without(RuleCategory.QUESTION);
        }
        return out;
    }
}
