package dev.alignsim.policy.preference;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more {@link SegmentRewardModel}s trained on the same comparisons from different initialisations and
 * minibatch orders. PPO's reward is the mean of the members' normalised rewards; their disagreement about a pair
 * ({@link SegmentSampler#byDisagreement}) says which comparisons would teach them most.
 */
public final class SegmentRewardEnsemble implements AutoCloseable {
    private final List<SegmentRewardModel> members = new ArrayList<>();
    private boolean closed;

    /** Fresh members; member m is seeded from (seed, m). */
    public SegmentRewardEnsemble(int obsDim, Space actionSpace, SegmentRewardSettings settings, Device device, long seed) {
        for (int m = 0; m < settings.ensembleSize(); m++) {
            members.add(new SegmentRewardModel(obsDim, actionSpace, settings, device, Rng.derive(seed, 300 + m).nextLong()));
        }
    }

    public int size() {
        return members.size();
    }

    /** Every member's normalised reward of every step, [member][row]. */
    public double[][] memberRewards(float[] observations, float[] actions, int rows) {
        double[][] out = new double[members.size()][];
        for (int m = 0; m < members.size(); m++) {
            out[m] = members.get(m).rewards(observations, actions, rows);
        }
        return out;
    }

    /** Trains every member on the same comparisons; the members' mean loss and pair accuracy. */
    public SegmentRewardModel.Stats train(List<SegmentComparison> data) {
        double loss = 0;
        double accuracy = 0;
        for (SegmentRewardModel member : members) {
            SegmentRewardModel.Stats stats = member.train(data);
            loss += stats.loss();
            accuracy += stats.pairAccuracy();
        }
        return new SegmentRewardModel.Stats(loss / members.size(), accuracy / members.size());
    }

    /** Sets every member's scale on these steps (see {@link SegmentRewardModel#normaliseOn}). */
    public void normaliseOn(float[] observations, float[] actions, int rows) {
        for (SegmentRewardModel member : members) {
            member.normaliseOn(observations, actions, rows);
        }
    }

    public List<LearnerSnapshot> snapshot(long version) {
        List<LearnerSnapshot> out = new ArrayList<>();
        for (SegmentRewardModel member : members) {
            out.add(member.snapshot(version));
        }
        return out;
    }

    public double[] scales() {
        return members.stream().mapToDouble(SegmentRewardModel::scale).toArray();
    }

    public void restore(List<LearnerSnapshot> snapshots, double[] scales) {
        if (snapshots.size() != members.size() || scales.length != members.size()) {
            throw new IllegalArgumentException("state for " + snapshots.size() + " reward models, the ensemble has " + members.size());
        }
        for (int m = 0; m < members.size(); m++) {
            members.get(m).restore(snapshots.get(m), scales[m]);
        }
    }

    /** The members' mean of each row: the reward PPO learns from. */
    public static float[] mean(double[][] memberRewards) {
        int rows = memberRewards[0].length;
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (double[] member : memberRewards) {
                sum += member[r];
            }
            out[r] = (float) (sum / memberRewards.length);
        }
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            members.forEach(SegmentRewardModel::close);
        }
    }
}
