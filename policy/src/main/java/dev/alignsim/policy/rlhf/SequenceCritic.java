package dev.alignsim.policy.rlhf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.OrthogonalInit;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.seq.GruEncoder;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequenceModelSpec;

/**
 * The RLHF critic: the shared encoder with a scalar head at every response position, V(prompt, tokens before
 * position i). Its parameters carry the reward model's names, so that it can start as a copy of the reward
 * model (InstructGPT) with {@link #load}.
 */
public final class SequenceCritic implements AutoCloseable {
    private static final long INIT_STREAM = 51;

    private final SequenceModelSpec spec;
    private final NDManager manager;
    private final Parameters parameters;
    private final GruEncoder encoder;
    private final NDArray headWeight;
    private final NDArray headBias;
    private boolean closed;

    public SequenceCritic(SequenceModelSpec spec, Device device, long seed) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        Rng rng = Rng.derive(seed, INIT_STREAM);
        this.encoder = new GruEncoder(spec, parameters, rng);
        this.headWeight = parameters.add("head.weight", new int[] {1, spec.hidden()}, OrthogonalInit.matrix(1, spec.hidden(), 1.0, rng));
        this.headBias = parameters.add("head.bias", new int[] {1}, new float[1]);
    }

    public SequenceModelSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Values before each response token, (batch, responseLength), in {@code scope}; differentiable when recording. */
    public NDArray values(NDManager scope, SequenceBatch batch) {
        NDArray ids = scope.create(batch.ids(), new Shape(batch.size(), spec.sequenceLength()));
        NDArray outputs = encoder.forward(ids, null).outputs();
        NDArray before = outputs.get(":, " + (spec.promptLength() - 1) + ":" + (spec.sequenceLength() - 1) + ", :");
        return Linear.linear(before, headWeight, headBias).singletonOrThrow().squeeze(2);
    }

    /** {@link #values} as plain numbers, without gradients; padding positions hold values that must be ignored. */
    public float[] values(int[][] prompts, int[][] responses) {
        Autograd.stopRecordingOnThisThread();
        SequenceBatch batch = SequenceBatch.of(spec, prompts, responses);
        try (NDManager scope = parameters.manager().newSubManager()) {
            return values(scope, batch).toFloatArray();
        }
    }

    public NetworkWeights weights(long version) {
        return parameters.export(version);
    }

    /** Loads weights of the same names: the critic's own, or a reward model's. */
    public void load(NetworkWeights weights) {
        parameters.load(weights);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            parameters.close();
            manager.close();
        }
    }
}
