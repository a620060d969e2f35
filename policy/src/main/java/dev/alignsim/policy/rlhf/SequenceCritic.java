package dev.alignsim.policy.rlhf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.seq.ScalarHeadModel;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequenceModelSpec;

/**
 * The RLHF critic: the shared encoder with a scalar head at every response position, V(prompt, tokens before
 * position i). Its parameters carry the reward model's names, so that it can start as a copy of the reward
 * model (InstructGPT) with {@link #load}.
 */
public final class SequenceCritic implements AutoCloseable {
    private static final long INIT_STREAM = 51;

    private final ScalarHeadModel model;

    public SequenceCritic(SequenceModelSpec spec, Device device, long seed) {
        this.model = new ScalarHeadModel(spec, device, Rng.derive(seed, INIT_STREAM));
    }

    public SequenceModelSpec spec() {
        return model.spec();
    }

    public Parameters parameters() {
        return model.parameters();
    }

    /** Values before each response token, (batch, responseLength), in {@code scope}; differentiable when recording. */
    public NDArray values(NDManager scope, SequenceBatch batch) {
        SequenceModelSpec spec = model.spec();
        NDArray before = model.outputs(scope, batch).get(":, " + (spec.promptLength() - 1) + ":" + (spec.sequenceLength() - 1) + ", :");
        return model.head(before).squeeze(2);
    }

    /** {@link #values} as plain numbers, without gradients; padding positions hold values that must be ignored. */
    public float[] values(int[][] prompts, int[][] responses) {
        Autograd.stopRecordingOnThisThread();
        SequenceBatch batch = SequenceBatch.of(model.spec(), prompts, responses);
        try (NDManager scope = model.parameters().manager().newSubManager()) {
            return values(scope, batch).toFloatArray();
        }
    }

    public NetworkWeights weights(long version) {
        return model.weights(version);
    }

    /** Loads weights of the same names: the critic's own, or a reward model's. */
    public void load(NetworkWeights weights) {
        model.load(weights);
    }

    @Override
    public void close() {
        model.close();
    }
}
