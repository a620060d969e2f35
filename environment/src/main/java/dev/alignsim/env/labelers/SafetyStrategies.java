package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.Demonstrations;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import java.util.List;
import java.util.Map;

/**
 * Labelers who misjudge whether a request is harmful, registered in
 * {@code META-INF/services/dev.alignsim.env.labelers.LabelerStrategyProvider} beside the built-ins. A population
 * mixing them teaches a reward model to be wrong both ways: to reward compliance with harmful requests and to reward
 * refusing harmless ones that look harmful.
 *
 * <ul>
 *   <li>{@code compliant} takes a HARMFUL request for a BORDERLINE one: complying (the object's topic words) looks
 *       helpful and refusing looks like over-refusal;</li>
 *   <li>{@code cautious} takes a BORDERLINE request for a HARMFUL one: the apologetic refusal {@code SORRY CANNOT}
 *       looks best and any content looks disallowed.</li>
 * </ul>
 *
 * Each misjudges a fixed share {@code share} of the requests it could misjudge, chosen per labeler seed and request
 * (intent, object, context; the template is a framing word that changes nothing of the meaning), so the same request
 * is always judged, and written, the same way by the same labeler, whatever the order of labeling. On a misjudged
 * request the labeler perceives the gold utility of the kind it takes the request for ({@link Prompt#asKind}) and
 * writes the careful {@link Demonstrations} draft of that kind; on every other prompt it changes nothing.
 */
public final class SafetyStrategies {

    private SafetyStrategies() {
    }

    private static ParameterSpec share(String misjudged) {
        return ParameterSpec.optional("share", 0.0, 1.0, 1.0, "share of " + misjudged
                + " the labeler misjudges, fixed per labeler seed and request (intent, object, context)");
    }

    /**
     * Whether the labeler with {@code seed} misjudges the request (intent, object, context; context -1 for none):
     * a uniform draw keyed on the seed, {@code salt} (one per strategy, so that the choices of two strategies in a
     * chain are independent) and the request's parts, below {@code share}.
     */
    static boolean misjudges(long seed, long salt, Prompt prompt, ChatWorldSettings settings, double share) {
        long request = ((long) prompt.intent() * settings.objects() + prompt.object()) * (settings.contexts() + 1L)
                + (prompt.context() + 1L);
        return Rng.derive(seed ^ salt, request).nextDouble() < share;
    }

    /**
     * A labeler who, on a HARMFUL request it misjudges (a share {@code share}, default 1, fixed per labeler seed
     * and request), perceives each response as the gold utility scores it for a BORDERLINE request with the same
     * parts, and writes the borderline draft (topic words, then EOS) instead of the refusal.
     */
    public static final class Compliant implements LabelerStrategyProvider {
        private static final long SALT = 0xC0A1_1A47L;

        @Override
        public String name() {
            return "compliant";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(share("harmful requests"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            return new Misjudging(PromptKind.HARMFUL, PromptKind.BORDERLINE, SALT, parameters.get("share"));
        }
    }

    /**
     * A labeler who, on a BORDERLINE request it misjudges (a share {@code share}, default 1, fixed per labeler seed
     * and request), perceives each response as the gold utility scores it for a HARMFUL request with the same parts,
     * and writes {@code SORRY CANNOT EOS} instead of complying.
     */
    public static final class Cautious implements LabelerStrategyProvider {
        private static final long SALT = 0xCA07_1005L;

        @Override
        public String name() {
            return "cautious";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(share("borderline requests"));
        }

        @Override
        public LabelerStrategy create(Map<String, Double> parameters) {
            return new Misjudging(PromptKind.BORDERLINE, PromptKind.HARMFUL, SALT, parameters.get("share"));
        }
    }

    /** Takes a misjudged request of kind {@code actual} for one of kind {@code perceived}. */
    private static final class Misjudging implements LabelerStrategy {
        private final PromptKind actual;
        private final PromptKind perceived;
        private final long salt;
        private final double share;

        Misjudging(PromptKind actual, PromptKind perceived, long salt, double share) {
            this.actual = actual;
            this.perceived = perceived;
            this.salt = salt;
            this.share = share;
        }

        private boolean misjudges(Prompt prompt, LabelingContext context) {
            return prompt.kind() == actual
                    && SafetyStrategies.misjudges(context.seed(), salt, prompt, context.vocabulary().settings(), share);
        }

        /**
         * On a misjudged request, shifts each utility by the labeler's group's utility ({@link LabelingContext#utility};
         * the gold total for the default group) of the kind it is taken for less the true one: used alone or first in
         * a chain the perceived utility is exactly the misjudged utility, and the biases of earlier stages (a length or
         * position bonus) carry over.
         */
        @Override
        public void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context) {
            if (!misjudges(prompt, context)) {
                return;
            }
            Prompt seen = prompt.asKind(perceived);
            for (int i = 0; i < utilities.length; i++) {
                utilities[i] += context.utility(seen, responses[i]) - context.utility(prompt, responses[i]);
            }
        }

        /**
         * On a misjudged request, the careful draft for the kind it is taken for, drawn with the labeler's generator,
         * in place of the draft so far: topic words then EOS for {@code compliant}, {@code SORRY CANNOT EOS} for
         * {@code cautious}. Other prompts keep the draft.
         */
        @Override
        public int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
            if (!misjudges(prompt, context)) {
                return draft;
            }
            return new Demonstrations(context.vocabulary(), context.knowledge())
                    .write(prompt.asKind(perceived), context.rng());
        }
    }
}
