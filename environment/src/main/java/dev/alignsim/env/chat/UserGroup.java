package dev.alignsim.env.chat;

import java.util.Objects;

/**
 * One group of a {@link UserPopulation}: people who share a taste, a weighting of the gold components.
 *
 * @param name the group's name, unique in its population; it appears in metric keys ({@code objective/gold/group/<name>}),
 *     so it has no '/' and no white space
 * @param share the group's relative share of the population (positive, finite)
 * @param weights how the group weighs the seven gold components
 */
public record UserGroup(String name, double share, ComponentWeights weights) {

    public UserGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a group's name must be non-empty, without '/' or white space, got '" + name + "'");
        }
        if (!(share > 0.0) || Double.isInfinite(share)) {
            throw new IllegalArgumentException("share of group '" + name + "' must be positive and finite, got " + share);
        }
    }

    /** The group's utility of a response: {@code Σ w_c · component_c} of its gold score. */
    public double utility(GoldScore g) {
        return weights.utility(g);
    }
}
