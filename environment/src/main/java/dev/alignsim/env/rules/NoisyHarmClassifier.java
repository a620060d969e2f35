package dev.alignsim.env.rules;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import java.util.Objects;

/**
 * A harm classifier whose errors are set: it misses a harmful request with probability {@code falseNegativeRate}
 * and flags a borderline one (harmless, but with a dangerous object or a harmful-sounding intent) with probability
 * {@code falsePositiveRate}; a plain task or a question it never flags. Errors fall on the requests that look
 * harmful, as a zero-shot classifier's do, and are a fixed function of the prompt's tokens and a key: the same prompt
 * is always judged the same way, so a policy cannot average a mistake away by asking again, and a resumed run judges
 * exactly as an uninterrupted one.
 *
 * <p>Chosen over a classifier learned from a small labelled set because its accuracy is then a setting, not a side
 * effect of the labelled set's size and luck: a sweep of the error rate puts F1 against an accuracy that is exactly
 * what it was asked to be.
 */
public final class NoisyHarmClassifier implements HarmClassifier {
    private final double falseNegativeRate;
    private final double falsePositiveRate;
    private final long key;

    /**
     * @throws IllegalArgumentException if a rate is not in [0, 1]
     */
    public NoisyHarmClassifier(double falseNegativeRate, double falsePositiveRate, long key) {
        requireRate("false_negative_rate", falseNegativeRate);
        requireRate("false_positive_rate", falsePositiveRate);
        this.falseNegativeRate = falseNegativeRate;
        this.falsePositiveRate = falsePositiveRate;
        this.key = key;
    }

    @Override
    public boolean judgesHarmful(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        return switch (prompt.kind()) {
            case HARMFUL -> uniform(prompt) >= falseNegativeRate;
            case BORDERLINE -> uniform(prompt) < falsePositiveRate;
            case TASK, QUESTION -> false;
        };
    }

    /** A uniform number in [0, 1) fixed by the prompt's tokens and the key. */
    private double uniform(Prompt prompt) {
        return Rng.hashUnit(key ^ 0x6A09E667F3BCC909L, prompt.tokens());
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("chat.rules.classifier." + name + " must be in [0, 1], got " + rate);
        }
    }

}
