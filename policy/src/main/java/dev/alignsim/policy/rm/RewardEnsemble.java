package dev.alignsim.policy.rm;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.seq.SequenceModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more reward models trained on the same rankings from different initialisations and minibatch orders.
 * The reported score is the mean of the members' normalised scores; their standard deviation (the spread) says
 * how much the members disagree, which grows where the policy leaves the data the reward model saw.
 */
public final class RewardEnsemble implements AutoCloseable {
    private final List<RewardModel> members = new ArrayList<>();
    private final List<RewardTrainer> trainers = new ArrayList<>();
    private boolean closed;

    /**
     * Mean normalised score and members' spread, per response, and every member's own scores ({@code members[m][i]}).
     */
    public record Scores(double[] mean, double[] spread, double[][] members) {}

    /** Fresh members; member m is seeded from (seed, m). */
    public RewardEnsemble(SequenceModelSpec spec, RewardSettings settings, Device device, long seed) {
        for (int m = 0; m < settings.ensembleSize(); m++) {
            long memberSeed = Rng.derive(seed, 100 + m).nextLong();
            RewardModel model = new RewardModel(spec, device, memberSeed);
            members.add(model);
            trainers.add(new RewardTrainer(model, settings, memberSeed));
        }
    }

    public List<RewardModel> members() {
        return List.copyOf(members);
    }

    /** Starts every member's encoder from the SFT policy's (InstructGPT). */
    public void startFrom(NetworkWeights policyWeights) {
        for (RewardModel m : members) {
            m.startFrom(policyWeights);
        }
    }

    /** Trains every member on the same rankings; one {@link RewardTrainer.Stats} per member. */
    public List<RewardTrainer.Stats> train(List<RankedResponses> data) {
        List<RewardTrainer.Stats> stats = new ArrayList<>();
        for (RewardTrainer t : trainers) {
            stats.add(t.train(data));
        }
        return stats;
    }

    /** Normalises every member against the reference policy's responses (mean 0, std 1 each). */
    public void normaliseAgainst(int[][] prompts, int[][] responses) {
        for (RewardModel m : members) {
            m.normaliseAgainst(prompts, responses);
        }
    }

    /** Every member's trainer state (weights, optimiser, shuffler), in member order. */
    public List<LearnerSnapshot> snapshot(long version) {
        List<LearnerSnapshot> out = new ArrayList<>();
        for (RewardTrainer t : trainers) {
            out.add(t.snapshot(version));
        }
        return out;
    }

    /** Restores every member from {@link #snapshot}, with its score normalisation. */
    public void restore(List<LearnerSnapshot> snapshots, double[] offsets, double[] scales) {
        if (snapshots.size() != members.size() || offsets.length != members.size() || scales.length != members.size()) {
            throw new IllegalArgumentException("state for " + snapshots.size() + " reward models, the ensemble has " + members.size());
        }
        for (int m = 0; m < members.size(); m++) {
            trainers.get(m).restore(snapshots.get(m));
            members.get(m).setNormalisation(offsets[m], scales[m]);
        }
    }

    public Scores scores(int[][] prompts, int[][] responses) {
        int n = prompts.length;
        double[] sum = new double[n];
        double[] squares = new double[n];
        double[][] byMember = new double[members.size()][];
        for (int member = 0; member < members.size(); member++) {
            double[] s = members.get(member).scores(prompts, responses);
            byMember[member] = s;
            for (int i = 0; i < n; i++) {
                sum[i] += s[i];
                squares[i] += s[i] * s[i];
            }
        }
        int size = members.size();
        double[] mean = new double[n];
        double[] spread = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = sum[i] / size;
            spread[i] = size > 1 ? Math.sqrt(Math.max(0, (squares[i] - size * mean[i] * mean[i]) / (size - 1))) : 0.0;
        }
        return new Scores(mean, spread, byMember);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (RewardTrainer t : trainers) {
                t.close();
            }
            for (RewardModel m : members) {
                m.close();
            }
        }
    }
}
