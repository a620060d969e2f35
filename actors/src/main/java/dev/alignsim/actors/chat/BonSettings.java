package dev.alignsim.actors.chat;

import java.util.List;

/**
 * The {@code bon} stage ({@code chat.bon}): best-of-n sampling from the SFT reference against the rm stage's reward
 * model.
 *
 * @param n the n values of the curve, ascending; the stage draws max(n) samples per prompt once, and each n picks
 *     among the first n of them
 * @param temperature the reference's sampling temperature
 */
public record BonSettings(List<Integer> n, double temperature) {
    /** chat.bon.n's default: powers of 2 up to 64. */
    public static final List<Integer> DEFAULT_N = List.of(1, 2, 4, 8, 16, 32, 64);

    public BonSettings {
        if (n == null || n.isEmpty()) {
            throw new IllegalArgumentException("chat.bon.n must list at least one n, got " + n);
        }
        n = List.copyOf(n);
        for (int i = 0; i < n.size(); i++) {
            if (n.get(i) < 1) {
                throw new IllegalArgumentException("chat.bon.n[" + i + "] = " + n.get(i) + " in " + n + ": every n must be >= 1 sample");
            }
            if (i > 0 && n.get(i) <= n.get(i - 1)) {
                throw new IllegalArgumentException("chat.bon.n = " + n + " must be strictly ascending (each n a larger subset of the same"
                        + " samples), but n[" + i + "] = " + n.get(i) + " follows " + n.get(i - 1));
            }
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("chat.bon.temperature must be positive and finite, got " + temperature);
        }
    }

    /** The defaults: {@link #DEFAULT_N} at temperature 1. */
    public static BonSettings defaults() {
        return new BonSettings(DEFAULT_N, 1.0);
    }

    /** The samples drawn per prompt: the largest n. */
    public int samples() {
        return n.get(n.size() - 1);
    }
}
