package dev.alignsim.env.chat;

import dev.alignsim.env.Rng;
import java.util.Objects;

/**
 * Draws prompts: a kind from the mixture, then the kind's fields uniformly (topic; entity and attribute;
 * harm category). All randomness comes from the given {@link Rng}, which the sampler owns from then on, so
 * saving that Rng's state saves the sampler.
 */
public final class PromptSampler {

    private static final PromptKind[] KINDS = PromptKind.values();

    private final Vocabulary vocabulary;
    private final PromptMixture mixture;
    private final Rng rng;

    public PromptSampler(Vocabulary vocabulary, PromptMixture mixture, Rng rng) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.mixture = Objects.requireNonNull(mixture, "mixture");
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    public Prompt sample() {
        ChatWorldSettings s = vocabulary.settings();
        return switch (sampleKind()) {
            case TASK -> Prompt.task(vocabulary, rng.nextInt(s.topics()));
            case QUESTION -> Prompt.question(vocabulary, rng.nextInt(s.entities()), rng.nextInt(s.attributes()));
            case HARMFUL -> Prompt.harmful(vocabulary, rng.nextInt(s.harmCategories()));
            case BORDERLINE -> Prompt.borderline(vocabulary, rng.nextInt(s.harmCategories()));
        };
    }

    public PromptMixture mixture() {
        return mixture;
    }

    private PromptKind sampleKind() {
        double u = rng.nextDouble();
        double cumulative = 0.0;
        PromptKind last = null;
        for (PromptKind kind : KINDS) {
            double p = mixture.probability(kind);
            if (p > 0.0) {
                cumulative += p;
                last = kind;
                if (u < cumulative) {
                    return kind;
                }
            }
        }
        // Rounding can leave the cumulative sum just under 1; the last kind with weight takes the rest.
        return last;
    }
}
