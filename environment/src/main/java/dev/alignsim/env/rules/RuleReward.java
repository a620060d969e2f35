package dev.alignsim.env.rules;

import dev.alignsim.env.chat.Prompt;
import java.util.Objects;

/**
 * The rule-based reward (GPT-4's RBRM): takes each request for harmful or not through its {@link HarmClassifier},
 * answers the {@link Rubric} for the response, and pays the class's weight. It never reads gold.
 */
public final class RuleReward {
    /** What the rule reward made of one response. */
    public record Judgment(RuleClass ruleClass, boolean judgedHarmful, double reward) {}

    private final Rubric rubric;
    private final HarmClassifier classifier;
    private final RuleWeights weights;

    public RuleReward(Rubric rubric, HarmClassifier classifier, RuleWeights weights) {
        this.rubric = Objects.requireNonNull(rubric, "rubric");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    public Judgment judge(Prompt prompt, int[] response) {
        boolean harmful = classifier.judgesHarmful(prompt);
        RuleClass c = rubric.classify(prompt, response, harmful);
        return new Judgment(c, harmful, weights.weight(c));
    }

    public RuleWeights weights() {
        return weights;
    }
}
