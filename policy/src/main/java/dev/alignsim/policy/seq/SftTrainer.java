package dev.alignsim.policy.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.ppo.TrainingState;
import java.util.ArrayList;
import java.util.List;

/**
 * Supervised fine-tuning: maximises the log-likelihood of labelers' demonstrations under the policy, token by
 * token (cross-entropy on every response token up to and including EOS), with Adam and a global grad-norm clip.
 * Minibatch order comes from a seeded {@link Rng}, so the same seed gives the same SFT model.
 */
public final class SftTrainer implements AutoCloseable {
    private static final long SHUFFLE_STREAM = 32;

    private final SequencePolicy policy;
    private final SftSettings settings;
    private final TrainingState state;

    /** Mean token cross-entropy of each epoch, in nats. */
    public record Stats(List<Double> epochLoss) {
        public Stats {
            epochLoss = List.copyOf(epochLoss);
        }

        public double finalLoss() {
            return epochLoss.get(epochLoss.size() - 1);
        }
    }

    public SftTrainer(SequencePolicy policy, SftSettings settings, long seed) {
        this.policy = policy;
        this.settings = settings;
        this.state = new TrainingState("SFT", policy.parameters(), 1e-8f, Rng.derive(seed, SHUFFLE_STREAM));
    }

    /** Trains on demonstration {@code i} = response {@code i} to prompt {@code i}. */
    public Stats train(int[][] prompts, int[][] responses) {
        SequenceBatch.of(policy.spec(), prompts, responses);
        int n = prompts.length;
        if (n == 0) {
            throw new IllegalArgumentException("SFT needs at least one demonstration");
        }
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            double tokenLoss = 0;
            double tokens = 0;
            for (int start = 0; start < n; start += settings.batchSize()) {
                int size = Math.min(settings.batchSize(), n - start);
                int[][] p = new int[size][];
                int[][] r = new int[size][];
                for (int i = 0; i < size; i++) {
                    p[i] = prompts[order[start + i]];
                    r[i] = responses[order[start + i]];
                }
                SequenceBatch batch = SequenceBatch.of(policy.spec(), p, r);
                try (NDManager scope = policy.parameters().manager().newSubManager()) {
                    NDArray mask = scope.create(batch.responseMask(), new Shape(size, policy.spec().responseLength()));
                    Autograd.recordOnThisThread();
                    NDArray logProbs = policy.tokenLogProbs(scope, batch, 1.0);
                    NDArray count = mask.sum();
                    NDArray loss = logProbs.mul(mask).sum().neg().div(count);
                    Autograd.backward(loss);
                    Autograd.stopRecordingOnThisThread();
                    double value = loss.getFloat();
                    state.step(value, settings.learningRate(), settings.maxGradNorm(), scope, epoch);
                    double c = count.getFloat();
                    tokenLoss += value * c;
                    tokens += c;
                }
            }
            losses.add(tokenLoss / tokens);
        }
        state.finishUpdate();
        return new Stats(losses);
    }

    /** Frees the optimiser's state; the policy belongs to the caller. */
    @Override
    public void close() {
        state.close();
    }
}
