package dev.alignsim.env.chat;

import java.util.Objects;

/**
 * Relative weights of the prompt kinds a sampler draws. Weights need not sum to 1; they are normalised, so
 * {@code (2, 1, 1, 0)} means half tasks, a quarter questions, a quarter harmful, no borderline.
 */
public record PromptMixture(double task, double question, double harmful, double borderline) {

    /** Rejects negative or non-finite weights and an all-zero mixture, naming the field. */
    public PromptMixture {
        requireWeight("task", task);
        requireWeight("question", question);
        requireWeight("harmful", harmful);
        requireWeight("borderline", borderline);
        if (task + question + harmful + borderline <= 0.0) {
            throw new IllegalArgumentException("PromptMixture weights (task, question, harmful, borderline) "
                    + "must not all be 0");
        }
    }

    /** Equal weights. */
    public static PromptMixture uniform() {
        return new PromptMixture(1, 1, 1, 1);
    }

    public double weight(PromptKind kind) {
        return switch (Objects.requireNonNull(kind, "kind")) {
            case TASK -> task;
            case QUESTION -> question;
            case HARMFUL -> harmful;
            case BORDERLINE -> borderline;
        };
    }

    /** The normalised probability of {@code kind}. */
    public double probability(PromptKind kind) {
        return weight(kind) / (task + question + harmful + borderline);
    }

    private static void requireWeight(String field, double weight) {
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("PromptMixture." + field
                    + " must be a finite non-negative weight, got " + weight);
        }
    }
}
