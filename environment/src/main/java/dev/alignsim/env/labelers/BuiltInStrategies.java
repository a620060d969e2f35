package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.GoldScore;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The built-in labeler strategies and their providers, registered in
 * {@code META-INF/services/dev.alignsim.env.labelers.LabelerStrategyProvider}. Each strategy is one stage of
 * the latent-utility model (see {@link LabelerStrategy}); used alone it acts on the gold totals.
 *
 * <p>Of these only {@code length_bias} (pads task and borderline answers) changes demonstrations, as do
 * {@code partial_knowledge} ({@link KnowledgeStrategies}: guesses the facts it does not know) and the safety
 * strategies ({@link SafetyStrategies}); the others are noise or taste in judging, not in writing, so they keep the
 * careful draft ({@link LabelerStrategy#reviseDemonstration} is the identity).
 */
public final class BuiltInStrategies {

    private static final double INF = Double.POSITIVE_INFINITY;

    private BuiltInStrategies() {
    }

    /** A standard Gumbel draw; never infinite. */
    static double gumbel(Rng rng) {
        double u = rng.nextDouble() + 0x1.0p-54;
        return -StrictMath.log(-StrictMath.log(u));
    }

    /** Adds {@code temperature} times independent Gumbel noise: a Plackett-Luce sample over exp(u / T). */
    static void addGumbel(double[] utilities, double temperature, Rng rng) {
        for (int i = 0; i < utilities.length; i++) {
            double g = gumbel(rng);
            if (temperature > 0.0) {
                utilities[i] += temperature * g;
            }
        }
    }

    /** With probability {@code probability}, permutes the utilities uniformly, so that the ranking is uniform. */
    static void randomizeWithProbability(double[] utilities, double probability, Rng rng) {
        if (rng.nextDouble() < probability) {
            double[] copy = utilities.clone();
            int[] perm = rng.permutation(utilities.length);
            for (int i = 0; i < utilities.length; i++) {
                utilities[i] = copy[perm[i]];
            }
        }
    }

    /** Bradley-Terry / Plackett-Luce labeler: utility plus {@code temperature} x Gumbel noise. */
    public static final class Boltzmann implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "boltzmann";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("temperature", 0.0, INF,
                    "noise temperature T: P(a>b) = sigmoid((Ua-Ub)/T); 0 is noiseless"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double temperature = parameters.get("temperature");
            return (prompt, responses, utilities, context) -> addGumbel(utilities, temperature, context.rng());
        }
    }

    /** AlpacaFarm label flips: with probability 2p the label is uniform, so a pair is flipped with probability p. */
    public static final class Flip implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "flip";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("p", 0.0, 0.5, "probability that a pairwise label is flipped"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double p = parameters.get("p");
            return (prompt, responses, utilities, context) ->
                    randomizeWithProbability(utilities, 2.0 * p, context.rng());
        }
    }

    /**
     * Adds {@code beta} times the response length (tokens before EOS); in demonstrations, pads task and
     * borderline answers with {@link #extraWords} words.
     */
    public static final class LengthBias implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "length_bias";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("beta", -INF, INF,
                    "utility added per response token; negative prefers short answers"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            return new Strategy(parameters.get("beta"));
        }

        /**
         * How many words a labeler with length bias {@code beta} appends to a task or borderline
         * demonstration: round(beta x wordsPerTopic), at most wordsPerTopic, none when beta is not positive.
         * Beta = 1 (a token worth as much as a covered word under the default weights) pads by a whole
         * topic's worth; the cap keeps a demonstration within twice a topic's length however large beta is.
         */
        static int extraWords(double beta, int wordsPerTopic) {
            if (!(beta > 0.0)) {
                return 0;
            }
            return (int) Math.min(wordsPerTopic, Math.round(beta * wordsPerTopic));
        }

        private static final class Strategy implements LabelerStrategy {
            private final double beta;

            Strategy(double beta) {
                this.beta = beta;
            }

            @Override
            public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
                for (int i = 0; i < utilities.length; i++) {
                    utilities[i] += beta * LabelingContext.length(responses[i]);
                }
            }

            /**
             * Pads a task or borderline answer before its EOS with {@link #extraWords} words: first the topic's
             * words the draft lacks, in random order, then random filler, so the bias first looks like
             * thoroughness and then like padding. Questions and refusals are left alone: a longer answer there
             * has no natural form. Tokens after the draft's first EOS are dropped.
             */
            @Override
            public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
                Vocabulary vocabulary = context.vocabulary();
                if (prompt.kind() != PromptKind.TASK && prompt.kind() != PromptKind.BORDERLINE) {
                    return draft;
                }
                int topic = prompt.topic();
                int extra = extraWords(beta, vocabulary.settings().wordsPerTopic());
                if (extra == 0) {
                    return draft;
                }
                int read = LabelingContext.length(draft);
                int[] padded = Arrays.copyOf(draft, read + extra + 1);
                BitSet used = new BitSet(vocabulary.size());
                for (int i = 0; i < read; i++) {
                    used.set(draft[i]);
                }
                int[] words = vocabulary.topicWords(topic);
                int[] order = context.rng().permutation(words.length);
                int at = read;
                for (int i = 0; i < words.length && at < read + extra; i++) {
                    if (!used.get(words[order[i]])) {
                        padded[at++] = words[order[i]];
                    }
                }
                while (at < read + extra) {
                    padded[at++] = vocabulary.filler(context.rng().nextInt(vocabulary.settings().filler()));
                }
                padded[at] = Vocabulary.EOS;
                return padded;
            }
        }
    }

    /** Adds {@code bonus} to the response presented first. */
    public static final class PositionBias implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "position_bias";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("bonus", -INF, INF,
                    "utility added to the first-presented response; negative prefers later ones"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double bonus = parameters.get("bonus");
            return (prompt, responses, utilities, context) -> utilities[0] += bonus;
        }
    }

    /** With probability {@code q} the labeler answers uniformly at random. */
    public static final class Inattention implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "inattention";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("q", 0.0, 1.0, "probability of a uniformly random answer"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double q = parameters.get("q");
            return (prompt, responses, utilities, context) -> randomizeWithProbability(utilities, q, context.rng());
        }
    }

    /** Gumbel noise whose temperature grows with labels given: T_n = t0 * (1 + rate * n). */
    public static final class Fatigue implements LabelerStrategyProvider {
        @Override
        public String name() {
            return "fatigue";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(
                    ParameterSpec.required("t0", 0.0, INF, "noise temperature of the first label"),
                    ParameterSpec.required("rate", 0.0, INF, "relative temperature growth per label given"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double t0 = parameters.get("t0");
            double rate = parameters.get("rate");
            return (prompt, responses, utilities, context) ->
                    addGumbel(utilities, t0 * (1.0 + rate * context.labelsGiven()), context.rng());
        }
    }

    /**
     * Replaces the utility by the labeler's own weighting of the gold components: its weights are absolute, so they
     * replace its user group's weighting too.
     */
    public static final class Persona implements LabelerStrategyProvider {
        static final List<String> COMPONENTS =
                List.of("coverage", "correctness", "hallucination", "safety", "refusalStyle", "overRefusal", "length");

        @Override
        public String name() {
            return "persona";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return COMPONENTS.stream()
                    .map(c -> ParameterSpec.optional(c, -INF, INF, 1.0, "weight of GoldScore." + c))
                    .toList();
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            double[] w = COMPONENTS.stream().mapToDouble(parameters::get).toArray();
            return (prompt, responses, utilities, context) -> {
                for (int i = 0; i < utilities.length; i++) {
                    GoldScore g = context.gold(prompt, responses[i]);
                    utilities[i] = w[0] * g.coverage() + w[1] * g.correctness() + w[2] * g.hallucination()
                            + w[3] * g.safety() + w[4] * g.refusalStyle() + w[5] * g.overRefusal() + w[6] * g.length();
                }
            };
        }
    }
}
