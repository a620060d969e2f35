package dev.alignsim.policy.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.ppo.Learner;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;

/**
 * DPO (or IPO) on token sequences: each epoch visits the preference pairs in minibatches in a seeded order (the last
 * one smaller when the pairs do not divide evenly, as {@code SftTrainer}'s), takes each response's log-probability
 * summed over its real tokens at temperature 1, as the reference's were, applies {@link DpoLoss} and lets Adam step
 * after a global grad-norm clip. Chosen and rejected responses of a minibatch go through the network in one forward
 * pass. One epoch is one update of the {@link TrainingState}, so a snapshot's weights are versioned by epochs done
 * and a restored learner's next epoch is the uninterrupted one's. The policy belongs to the caller.
 */
public final class SequenceDpoLearner extends Learner {
    private static final long SHUFFLE_STREAM = 71;

    private final SequencePolicy policy;
    private final DpoSettings settings;

    /**
     * One epoch, its minibatches weighted by their pairs: the loss, the share of pairs whose chosen response had the
     * larger implicit reward, the mean implicit-reward margin (each measured before its minibatch's step, as TRL logs
     * them), and the mean gradient norm before clipping.
     */
    public record EpochStats(double loss, double accuracy, double margin, double gradNorm) {}

    /** @param policy the policy to train, initialised from the reference's weights by the caller */
    public SequenceDpoLearner(SequencePolicy policy, DpoSettings settings, long seed) {
        super(new TrainingState("DPO policy", policy.parameters(), 1e-8f, Rng.derive(seed, SHUFFLE_STREAM)));
        this.policy = policy;
        this.settings = settings;
    }

    public SequencePolicy policy() {
        return policy;
    }

    /** Epochs finished so far (restored ones included). */
    public long epochs() {
        return state.updates();
    }

    /** One pass over every pair. */
    public EpochStats epoch(PreferenceBatch pairs) {
        int n = pairs.size();
        int[] order = state.minibatchOrder(n);
        int epoch = (int) state.updates();
        double[] sums = new double[4];
        for (int start = 0; start < n; start += settings.batchSize()) {
            int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + settings.batchSize()));
            double[] measured = step(pairs, rows, epoch);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += measured[i] * rows.length;
            }
        }
        state.finishUpdate();
        return new EpochStats(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n);
    }

    private double[] step(PreferenceBatch pairs, int[] rows, int epoch) {
        int m = rows.length;
        int[][] prompts = new int[2 * m][];
        int[][] responses = new int[2 * m][];
        float[] referenceChosen = new float[m];
        float[] referenceRejected = new float[m];
        for (int i = 0; i < m; i++) {
            int row = rows[i];
            prompts[i] = pairs.prompts()[row];
            prompts[m + i] = pairs.prompts()[row];
            responses[i] = pairs.chosen()[row];
            responses[m + i] = pairs.rejected()[row];
            referenceChosen[i] = pairs.referenceChosen()[row];
            referenceRejected[i] = pairs.referenceRejected()[row];
        }
        SequenceBatch layout = SequenceBatch.of(policy.spec(), prompts, responses);
        try (NDManager scope = policy.parameters().manager().newSubManager()) {
            NDArray mask = scope.create(layout.responseMask(), new Shape(2 * m, policy.spec().responseLength()));
            Autograd.recordOnThisThread();
            NDArray sums = policy.tokenLogProbs(scope, layout, 1.0).mul(mask).sum(new int[] {1});
            NDArray chosen = sums.get("0:" + m);
            NDArray rejected = sums.get(m + ":");
            DpoLoss.Objective objective = DpoLoss.objective(chosen, rejected, scope.create(referenceChosen), scope.create(referenceRejected),
                    settings.beta(), settings.loss());
            Autograd.backward(objective.loss());
            Autograd.stopRecordingOnThisThread();
            float[] measured = NDArrays.stack(new NDList(objective.loss(), objective.accuracy(), objective.margin())).toFloatArray();
            double gradNorm = state.step(measured[0], settings.learningRate(), settings.maxGradNorm(), scope, epoch);
            return new double[] {measured[0], measured[1], measured[2], gradNorm};
        }
    }

    /** The loss and statistics of the current policy on {@code pairs}, in double precision, without training. */
    public DpoLoss.Values evaluate(PreferenceBatch pairs) {
        return evaluate(policy, pairs, settings);
    }

    /** DPO's loss and implicit-reward statistics of any {@code policy} on {@code pairs}, in double precision; no gradient. */
    public static DpoLoss.Values evaluate(SequencePolicy policy, PreferenceBatch pairs, DpoSettings settings) {
        float[] chosen = PreferenceBatch.sequenceLogProbs(policy, pairs.prompts(), pairs.chosen());
        float[] rejected = PreferenceBatch.sequenceLogProbs(policy, pairs.prompts(), pairs.rejected());
        return DpoLoss.values(toDouble(chosen), toDouble(rejected), toDouble(pairs.referenceChosen()), toDouble(pairs.referenceRejected()),
                settings.beta(), settings.loss());
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
