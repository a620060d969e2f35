package dev.alignsim.policy.seq;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.OrthogonalInit;
import dev.alignsim.policy.nn.Parameters;

/**
 * The shared encoder with a scalar head ({@code head.weight} 1 × feature width, orthogonal with gain 1, and
 * {@code head.bias}): the body of the reward model, which reads it at a response's last token, and of the critic,
 * which reads it at every response position. Both register the same parameter names, so that a critic can start
 * as a copy of a reward model.
 */
public final class ScalarHeadModel implements AutoCloseable {
    private final SequenceModelSpec spec;
    private final NDManager manager;
    private final Parameters parameters;
    private final SequenceEncoder encoder;
    private final NDArray headWeight;
    private final NDArray headBias;
    private boolean closed;

    /** @param rng draws the initial weights: the encoder's first, then the head's */
    public ScalarHeadModel(SequenceModelSpec spec, Device device, Rng rng) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        this.encoder = SequenceEncoder.create(spec, parameters, rng);
        this.headWeight = parameters.add("head.weight", new int[] {1, spec.featureWidth()},
                OrthogonalInit.matrix(1, spec.featureWidth(), 1.0, rng));
        this.headBias = parameters.add("head.bias", new int[] {1}, new float[1]);
    }

    public SequenceModelSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** The encoder's output at every position of the batch's sequences, (batch, time, featureWidth), in {@code scope}. */
    public NDArray outputs(NDManager scope, SequenceBatch batch) {
        NDArray ids = scope.create(batch.ids(), new Shape(batch.size(), spec.sequenceLength()));
        return encoder.forward(ids);
    }

    /** The scalar head on features (..., featureWidth): (..., 1). */
    public NDArray head(NDArray features) {
        return Linear.linear(features, headWeight, headBias).singletonOrThrow();
    }

    public NetworkWeights weights(long version) {
        return parameters.export(version);
    }

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
