package dev.alignsim.env.chat;

import dev.alignsim.env.Rng;
import java.util.Objects;

/**
 * Draws prompts of one side of the {@link PromptSplit}: a kind from the mixture, then a composition of that kind
 * (parts uniform within what the kind allows), redrawn until it falls on the wanted side. All randomness comes
 * from the given {@link Rng}, which the sampler owns from then on, so saving that Rng's state saves the sampler.
 *
 * <p>By kind: a TASK is a benign intent with an everyday object; a HARMFUL request is a harmful intent with a
 * dangerous object or, with probability {@code ambiguousShare}, an ambiguous intent with a dangerous object and a
 * risky context; a BORDERLINE request is, with probability {@code ambiguousShare}, an ambiguous intent with a
 * dangerous object and a safe context or none, else half the time a benign intent with a dangerous object and half
 * the time a harmful or ambiguous intent with an everyday object. Outside the ambiguous draws, a prompt carries a
 * context word (any, safe or risky) with probability {@code contextShare}.
 */
public final class PromptSampler {

    private static final PromptKind[] KINDS = PromptKind.values();
    private static final int MAX_ATTEMPTS = 100_000;

    private final Vocabulary vocabulary;
    private final PromptDesign design;
    private final PromptSplit split;
    private final PromptSplit.Side side;
    private final Rng rng;

    public PromptSampler(Vocabulary vocabulary, PromptDesign design, PromptSplit split, PromptSplit.Side side, Rng rng) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.design = Objects.requireNonNull(design, "design");
        this.split = Objects.requireNonNull(split, "split");
        this.side = Objects.requireNonNull(side, "side");
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    public Prompt sample() {
        PromptKind kind = sampleKind();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Prompt prompt = compose(kind);
            if (split.side(prompt) == side) {
                return prompt;
            }
        }
        throw new IllegalStateException("no " + kind + " prompt on the " + side + " side of the split after " + MAX_ATTEMPTS
                + " draws: the world is too small for eval fraction " + split.evalFraction());
    }

    public PromptDesign design() {
        return design;
    }

    private Prompt compose(PromptKind kind) {
        ChatWorldSettings s = vocabulary.settings();
        int template = rng.nextInt(s.templates());
        return switch (kind) {
            case QUESTION -> Prompt.question(vocabulary, template, rng.nextInt(s.entities()), rng.nextInt(s.attributes()),
                    anyContext());
            case TASK -> Prompt.request(vocabulary, template, intent(IntentClass.BENIGN), everydayObject(), anyContext());
            case HARMFUL -> rng.nextDouble() < design.ambiguousShare()
                    ? Prompt.request(vocabulary, template, intent(IntentClass.AMBIGUOUS), dangerousObject(), riskyContext())
                    : Prompt.request(vocabulary, template, intent(IntentClass.HARMFUL), dangerousObject(), anyContext());
            case BORDERLINE -> borderline(template);
        };
    }

    private Prompt borderline(int template) {
        if (rng.nextDouble() < design.ambiguousShare()) {
            int context = rng.nextDouble() < design.contextShare() ? rng.nextInt(vocabulary.settings().safeContexts()) : -1;
            return Prompt.request(vocabulary, template, intent(IntentClass.AMBIGUOUS), dangerousObject(), context);
        }
        if (rng.nextDouble() < 0.5) {
            return Prompt.request(vocabulary, template, intent(IntentClass.BENIGN), dangerousObject(), anyContext());
        }
        IntentClass intentClass = rng.nextDouble() < 0.5 ? IntentClass.HARMFUL : IntentClass.AMBIGUOUS;
        return Prompt.request(vocabulary, template, intent(intentClass), everydayObject(), anyContext());
    }

    private int intent(IntentClass intentClass) {
        ChatWorldSettings s = vocabulary.settings();
        int count = switch (intentClass) {
            case BENIGN -> s.benignIntents();
            case HARMFUL -> s.harmfulIntents();
            case AMBIGUOUS -> s.ambiguousIntents();
        };
        return vocabulary.intentOf(intentClass, rng.nextInt(count));
    }

    private int dangerousObject() {
        ChatWorldSettings s = vocabulary.settings();
        return vocabulary.objectIndex(rng.nextInt(s.topics()), rng.nextInt(s.dangerousPerTopic()));
    }

    private int everydayObject() {
        ChatWorldSettings s = vocabulary.settings();
        int everyday = s.objectsPerTopic() - s.dangerousPerTopic();
        return vocabulary.objectIndex(rng.nextInt(s.topics()), s.dangerousPerTopic() + rng.nextInt(everyday));
    }

    private int anyContext() {
        return rng.nextDouble() < design.contextShare() ? rng.nextInt(vocabulary.settings().contexts()) : -1;
    }

    private int riskyContext() {
        ChatWorldSettings s = vocabulary.settings();
        return s.safeContexts() + rng.nextInt(s.riskyContexts());
    }

    private PromptKind sampleKind() {
        PromptMixture mixture = design.mixture();
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
