package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.ppo.TrainingState;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequenceModelSpec;
import java.util.Arrays;

/**
 * PPO's epochs over one batch of responses, as both sequence learners run them: each epoch visits minibatches of
 * whole responses in the learner's seeded order (a remainder smaller than a minibatch sits the epoch out), each
 * in its own scope for its arrays, with the mean over its real tokens. An update reports the mean, over its last
 * epoch's minibatches, of what each step measured.
 */
final class ResponseEpochs {
    private ResponseEpochs() {}

    /** One minibatch: its rows of the batch, their token layout, the scope its arrays live in, its token mean. */
    record Minibatch(ResponseBatch rows, SequenceBatch layout, NDManager scope, MaskedMean tokenMean, int epoch) {
        /** A per-token array of these rows, (rows, width), in the scope. */
        NDArray tokens(float[] values) {
            return scope.create(values, tokenMean.mask().getShape());
        }
    }

    /** One optimiser step on one minibatch; returns what it measured, the same quantities in the same order each time. */
    @FunctionalInterface
    interface Step {
        double[] take(Minibatch minibatch);
    }

    /** Runs every epoch of one update and counts it; the last epoch's mean of each measured quantity. */
    static double[] run(ResponseBatch batch, SequenceModelSpec spec, Parameters parameters, SequencePpoSettings settings,
            TrainingState state, Step step) {
        int n = batch.size();
        int width = spec.responseLength();
        int mb = Math.max(1, n / settings.numMinibatches());
        double[] sums = null;
        int count = 0;
        for (int epoch = 0; epoch < settings.updateEpochs(); epoch++) {
            int[] order = state.minibatchOrder(n);
            boolean last = epoch == settings.updateEpochs() - 1;
            for (int start = 0; start + mb <= n; start += mb) {
                ResponseBatch rows = batch.select(Arrays.copyOfRange(order, start, start + mb), width);
                SequenceBatch layout = SequenceBatch.of(spec, rows.prompts(), rows.responses());
                try (NDManager scope = parameters.manager().newSubManager()) {
                    MaskedMean tokenMean = MaskedMean.over(scope, layout.responseMask(), mb, width);
                    double[] measured = step.take(new Minibatch(rows, layout, scope, tokenMean, epoch));
                    if (last) {
                        sums = sums == null ? new double[measured.length] : sums;
                        for (int i = 0; i < measured.length; i++) {
                            sums[i] += measured[i];
                        }
                        count++;
                    }
                }
            }
        }
        state.finishUpdate();
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= count;
        }
        return sums;
    }
}
