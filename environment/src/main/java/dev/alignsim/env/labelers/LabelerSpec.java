package dev.alignsim.env.labelers;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration of one labeler of a {@link LabelerPopulation}.
 *
 * @param id the labeler's id, unique in its population
 * @param strategy a strategy name or chain for {@link LabelerStrategies#create}
 * @param params the strategy's parameters
 * @param share the labeler's relative share of the labels (non-negative)
 */
public record LabelerSpec(String id, String strategy, Map<String, Double> params, double share) {

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
    }
}
