package dev.alignsim.actors.rlhf;

import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardModel;
import java.util.Arrays;
import java.util.List;

/**
 * Each reward-model member's score normalisation, {@code (raw - offset) / scale}, in member order: the rm stage's
 * until a labeling round renormalises the RewardModel role ({@code chat.ppo.rm_renormalize}). Records with arrays
 * compare by identity; compare the arrays.
 */
public record ScoreNormalisation(double[] offsets, double[] scales) {

    public ScoreNormalisation {
        if (offsets.length != scales.length) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + scales.length + " scales");
        }
        offsets = offsets.clone();
        scales = scales.clone();
    }

    /** The members' normalisation as they hold it now. */
    static ScoreNormalisation of(RewardEnsemble ensemble) {
        List<RewardModel> members = ensemble.members();
        return new ScoreNormalisation(members.stream().mapToDouble(RewardModel::scoreOffset).toArray(),
                members.stream().mapToDouble(RewardModel::scoreScale).toArray());
    }

    @Override
    public double[] offsets() {
        return offsets.clone();
    }

    @Override
    public double[] scales() {
        return scales.clone();
    }

    /** The members' mean offset, as the metrics report it. */
    double meanOffset() {
        return Arrays.stream(offsets).average().orElse(Double.NaN);
    }

    /** The members' mean scale, as the metrics report it. */
    double meanScale() {
        return Arrays.stream(scales).average().orElse(Double.NaN);
    }
}
