package dev.alignsim.env.labelers;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration of one labeler of a {@link LabelerPopulation}.
 *
 * @param id the labeler's id, unique in its population
 * @param strategy a strategy name or chain for {@link LabelerStrategies#create}
 * @param params the strategy's parameters
 * @param share the labeler's relative share of the labels (non-negative), apart from its group's share of the users
 * @param group the name of the user group the labeler belongs to (its perceived utilities start from that group's
 *     utility); null: the population's first group
 */
public record LabelerSpec(String id, String strategy, Map<String, Double> params, double share, String group) {

    /** A labeler of the population's first group. */
    public LabelerSpec(String id, String strategy, Map<String, Double> params, double share) {
        this(id, strategy, params, share, null);
    }

    public LabelerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        params = Map.copyOf(Objects.requireNonNull(params, "params"));
        if (id.isBlank()) {
            throw new IllegalArgumentException("labeler id must not be blank");
        }
        if (!(share >= 0.0) || Double.isInfinite(share)) {
            throw new IllegalArgumentException("share of labeler '" + id + "' must be finite and non-negative, got "
                    + share);
        }
        if (group != null && group.isEmpty()) {
            throw new IllegalArgumentException("group of labeler '" + id + "' must not be empty (leave it out for the first group)");
        }
    }
}
