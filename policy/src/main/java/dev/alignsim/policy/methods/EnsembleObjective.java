package dev.alignsim.policy.methods;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a reward-model ensemble's member scores become one reward per response (Coste et al. 2023); see {@link ConservativeRewards}. */
public enum EnsembleObjective {
    /** The members' mean. */
    MEAN,
    /** The lowest member's score (WCO). */
    WORST_CASE,
    /** Mean minus λ times the members' population variance (UWO). */
    UNCERTAINTY_WEIGHTED;

    /** The name as settings write it: mean, worst_case or uncertainty_weighted. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The objective a setting names, in any letter case.
     *
     * @throws IllegalArgumentException for any other name; the message lists the valid ones
     */
    public static EnsembleObjective of(String name) {
        for (EnsembleObjective objective : values()) {
            if (objective.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return objective;
            }
        }
        throw new IllegalArgumentException("unknown ensemble objective '" + name + "'; expected one of " + validNames());
    }

    /** The valid names: "mean, worst_case, uncertainty_weighted". */
    public static String validNames() {
        return Arrays.stream(values()).map(EnsembleObjective::settingName).collect(Collectors.joining(", "));
    }

    /**
     * One reward per response from {@code scores[members][responses]}.
     *
     * @param lambda UWO's λ, finite and >= 0; checked and used only by {@link #UNCERTAINTY_WEIGHTED}
     * @throws IllegalArgumentException as the objective's method in {@link ConservativeRewards}
     */
    public double[] rewards(double[][] scores, double lambda) {
        return switch (this) {
            case MEAN -> ConservativeRewards.mean(scores);
            case WORST_CASE -> ConservativeRewards.worstCase(scores);
            case UNCERTAINTY_WEIGHTED -> ConservativeRewards.uncertaintyWeighted(scores, lambda);
        };
    }

    @Override
    public String toString() {
        return settingName();
    }
}
