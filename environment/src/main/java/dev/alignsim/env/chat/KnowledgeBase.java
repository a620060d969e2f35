package dev.alignsim.env.chat;

import dev.alignsim.env.Rng;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The facts of ChatWorld: for each (entity, attribute) pair, independently with probability
 * {@code knownFraction}, one value drawn uniformly. A pair without a value is a question whose only right
 * answer is "unsure"; asking such questions is how the world tests whether a policy hallucinates.
 *
 * <p>Built from a seed alone, pair by pair in (entity, attribute) order, so the same seed and settings give
 * the same base on every machine.
 */
public final class KnowledgeBase {

    private static final int UNKNOWN = -1;

    private final int entities;
    private final int attributes;
    private final double knownFraction;
    private final int[] values;

    private KnowledgeBase(int entities, int attributes, double knownFraction, int[] values) {
        this.entities = entities;
        this.attributes = attributes;
        this.knownFraction = knownFraction;
        this.values = values;
    }

    /**
     * Draws a base for the vocabulary's entities, attributes and values.
     *
     * @throws IllegalArgumentException if {@code knownFraction} is not in [0, 1]
     */
    public static KnowledgeBase generate(Vocabulary vocabulary, double knownFraction, long seed) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (!(knownFraction >= 0.0 && knownFraction <= 1.0)) {
            throw new IllegalArgumentException("knownFraction must be in [0, 1], got " + knownFraction);
        }
        ChatWorldSettings settings = vocabulary.settings();
        Rng rng = new Rng(seed);
        int[] values = new int[Math.multiplyExact(settings.entities(), settings.attributes())];
        for (int pair = 0; pair < values.length; pair++) {
            // Both draws happen for every pair, so a pair's value does not depend on earlier pairs' luck.
            boolean known = rng.nextDouble() < knownFraction;
            int value = rng.nextInt(settings.values());
            values[pair] = known ? value : UNKNOWN;
        }
        return new KnowledgeBase(settings.entities(), settings.attributes(), knownFraction, values);
    }

    /** The value index (not token id) of the pair, or empty when the base does not know it. */
    public OptionalInt value(int entity, int attribute) {
        int v = values[pair(entity, attribute)];
        return v == UNKNOWN ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** How many pairs have a known value. */
    public int knownCount() {
        return (int) Arrays.stream(values).filter(v -> v != UNKNOWN).count();
    }

    public int pairCount() {
        return values.length;
    }

    public double knownFraction() {
        return knownFraction;
    }

    private int pair(int entity, int attribute) {
        if (entity < 0 || entity >= entities) {
            throw new IllegalArgumentException("entity must be in [0, " + entities + "), got " + entity);
        }
        if (attribute < 0 || attribute >= attributes) {
            throw new IllegalArgumentException("attribute must be in [0, " + attributes + "), got " + attribute);
        }
        return entity * attributes + attribute;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KnowledgeBase other
                && entities == other.entities
                && attributes == other.attributes
                && Double.compare(knownFraction, other.knownFraction) == 0
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Double.hashCode(knownFraction);
    }

    @Override
    public String toString() {
        return "KnowledgeBase[" + entities + "x" + attributes + ", known " + knownCount() + "/" + values.length + "]";
    }
}
