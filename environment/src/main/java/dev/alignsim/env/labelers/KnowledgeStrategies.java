package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.GoldScore;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.TokenType;
import dev.alignsim.env.chat.Vocabulary;
import java.util.List;
import java.util.Map;

/**
 * The built-in strategy about knowledge, {@code partial_knowledge}, registered in
 * {@code META-INF/services/dev.alignsim.env.labelers.LabelerStrategyProvider} beside {@link BuiltInStrategies}: a
 * labeler who does not know every fact, judges and writes accordingly.
 */
public final class KnowledgeStrategies {

    private KnowledgeStrategies() {
    }

    /**
     * A labeler who, on a QUESTION whose fact it does not know (probability {@code q}, fixed per labeler seed
     * and (entity, attribute)), perceives any answer that claims a value as correct: it gets the correct-value
     * credit and no hallucination penalty, so a confident wrong value beats UNSURE. Asked to write the answer,
     * it guesses a value instead.
     */
    public static final class PartialKnowledge implements LabelerStrategyProvider {
        private static final long SALT = 0x5DEECE66DL;

        @Override
        public String name() {
            return "partial_knowledge";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("q", 0.0, 1.0,
                    "probability that the labeler does not know a given fact"));
        }

        /** Whether the labeler with {@code seed} does not know the fact of (entity, attribute). */
        static boolean ignorant(long seed, int entity, int attribute, int attributes, double q) {
            long pair = (long) entity * attributes + attribute;
            return Rng.derive(seed ^ SALT, pair).nextDouble() < q;
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            return new Strategy(parameters.get("q"));
        }

        private static final class Strategy implements LabelerStrategy {
            private final double q;

            Strategy(double q) {
                this.q = q;
            }

            private boolean ignorantOf(Prompt prompt, LabelingContext context) {
                return prompt.kind() == PromptKind.QUESTION && ignorant(context.seed(), prompt.entity(),
                        prompt.attribute(), context.vocabulary().settings().attributes(), q);
            }

            @Override
            public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
                if (!ignorantOf(prompt, context)) {
                    return;
                }
                double credit = context.goldUtility().weights().correctValue();
                ComponentWeights w = context.group().weights();
                for (int i = 0; i < utilities.length; i++) {
                    if (claimsValue(context.vocabulary(), responses[i])) {
                        // Weighed as the labeler's group weighs correctness and hallucination (both 1 by default).
                        GoldScore g = context.gold(prompt, responses[i]);
                        utilities[i] += w.correctness() * (credit - g.correctness()) - w.hallucination() * g.hallucination();
                    }
                }
            }

            /**
             * On a question whose fact this labeler does not know (the same facts as in {@link #perceive}), a
             * confident guess, a uniformly random value then EOS, in place of the draft: this is how
             * demonstrations teach a policy to hallucinate. The guess is right by luck only (1 / values) when
             * the knowledge base knows the fact; when it does not, the guess is always a hallucination where the
             * draft said UNSURE. Other prompts keep the draft.
             */
            @Override
            public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
                if (!ignorantOf(prompt, context)) {
                    return draft;
                }
                Vocabulary vocabulary = context.vocabulary();
                int guess = context.rng().nextInt(vocabulary.settings().values());
                return new int[] {vocabulary.value(guess), Vocabulary.EOS};
            }
        }

        private static boolean claimsValue(Vocabulary vocabulary, int[] response) {
            int read = LabelingContext.length(response);
            for (int i = 0; i < read; i++) {
                if (vocabulary.type(response[i]) == TokenType.VALUE) {
                    return true;
                }
            }
            return false;
        }
    }
}
