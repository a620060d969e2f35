package dev.alignsim.policy.rm;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.seq.SequenceModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One or more reward models trained on the same rankings from different initialisations and minibatch orders.
 * The reported score is the mean of the members' normalised scores; their standard deviation (the spread) says
 * how much the members disagree, which grows where the policy leaves the data the reward model saw.
 *
 * <p>A <i>weighted</i> ensemble (per-group rewards, {@link RewardSettings#perGroup}) combines its members instead by
 * fixed positive weights, {@code Σ_m w_m · s_m / Σ_m w_m} ({@link #combine}): member m is then one user group's reward,
 * trained only on that group's rankings ({@link #trainEach}), and w_m the group's share of the users.
 */
public final class RewardEnsemble implements AutoCloseable {
    private final List<RewardModel> members = new ArrayList<>();
    private final List<RewardTrainer> trainers = new ArrayList<>();
    private final double[] weights;
    private boolean closed;

    /**
     * The combined normalised score (the members' mean, or their weighted mean in a weighted ensemble) and the members'
     * spread (their sample standard deviation, unweighted), per response, and every member's own scores
     * ({@code members[m][i]}).
     */
    public record Scores(double[] mean, double[] spread, double[][] members) {}

    /** Fresh members; member m is seeded from (seed, m). Their score is their mean. */
    public RewardEnsemble(SequenceModelSpec spec, RewardSettings settings, Device device, long seed) {
        this(spec, settings, device, seed, null);
    }

    /**
     * Fresh members; member m is seeded from (seed, m).
     *
     * @param weights null: the score is the members' mean; else one positive finite weight per member, the score their
     *     weighted mean ({@link #combine})
     * @throws IllegalArgumentException if there are weights but not one positive finite weight per member
     */
    public RewardEnsemble(SequenceModelSpec spec, RewardSettings settings, Device device, long seed, double[] weights) {
        if (weights != null) {
            if (weights.length != settings.ensembleSize()) {
                throw new IllegalArgumentException(weights.length + " weights for " + settings.ensembleSize() + " reward models");
            }
            for (double w : weights) {
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("member weights must be positive and finite, got " + Arrays.toString(weights));
                }
            }
        }
        this.weights = weights == null ? null : weights.clone();
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

    /** Whether the members are combined by weights ({@link #combine}) rather than averaged. */
    public boolean weighted() {
        return weights != null;
    }

    /** Trains every member on the same rankings; one {@link RewardTrainer.Stats} per member. */
    public List<RewardTrainer.Stats> train(List<RankedResponses> data) {
        List<RewardTrainer.Stats> stats = new ArrayList<>();
        for (RewardTrainer t : trainers) {
            stats.add(t.train(data));
        }
        return stats;
    }

    /**
     * Trains member m on {@code data.get(m)} alone (a per-group ensemble: member g on group g's rankings); a member given
     * no ranking is left as it is (weights, optimiser and shuffler untouched).
     *
     * @return per member, its {@link RewardTrainer.Stats}, or empty when it had nothing to train on
     * @throws IllegalArgumentException if there is not one list per member
     */
    public List<Optional<RewardTrainer.Stats>> trainEach(List<List<RankedResponses>> data) {
        if (data.size() != trainers.size()) {
            throw new IllegalArgumentException(data.size() + " training sets for " + trainers.size() + " reward models");
        }
        List<Optional<RewardTrainer.Stats>> stats = new ArrayList<>();
        for (int m = 0; m < trainers.size(); m++) {
            stats.add(data.get(m).isEmpty() ? Optional.empty() : Optional.of(trainers.get(m).train(data.get(m))));
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
        // A weighted ensemble's spread stays the members' unweighted one (how far the groups' rewards disagree); only
        // the score it reports is the weighted mean. Without weights the mean above is the score, as it always was.
        return new Scores(weights == null ? mean : combine(byMember, weights), spread, byMember);
    }

    /**
     * The weighted mean of the members' scores per response, {@code Σ_m w_m · s_m[i] / Σ_m w_m}, summed in member order
     * (as population gold sums its groups: {@code UserPopulation.gold}).
     *
     * @param members {@code members[m][i]}, member m's score of response i
     * @param weights one positive weight per member
     */
    public static double[] combine(double[][] members, double[] weights) {
        if (members.length != weights.length || members.length == 0) {
            throw new IllegalArgumentException(weights.length + " weights for " + members.length + " members");
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        int n = members[0].length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = weights[0] * members[0][i];
            for (int m = 1; m < members.length; m++) {
                sum += weights[m] * members[m][i];
            }
            out[i] = sum / total;
        }
        return out;
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
