/**
 * The rule-based reward (GPT-4's RBRM; Mu et al. 2024's rule-based rewards): a {@link dev.alignsim.env.rules.Rubric}
 * that classes each response — on requests (A) desired refusal, (B) undesired refusal, (C) disallowed content, (D)
 * safe non-refusal; on questions the factuality propositions read against the knowledge base — after a
 * {@link dev.alignsim.env.rules.HarmClassifier} has taken the request for harmful or not; {@link
 * dev.alignsim.env.rules.RuleWeights}, hand-set or fitted with a hinge loss ({@link dev.alignsim.env.rules.HingeFit}
 * on a {@link dev.alignsim.env.rules.FitSet}); and {@link dev.alignsim.env.rules.SafetyMetrics}, the same rubric read
 * with the truth to measure safety, over-refusal and hallucination. Nothing here reads the gold utility except the
 * metrics' {@code facts/gold_answerable}.
 */
package dev.alignsim.env.rules;
