package dev.alignsim.policy.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;

/** The critic: an MLP from observation to one value (output gain 1, as CleanRL). */
public final class ValueNetwork implements AutoCloseable {
    private final NDManager manager;
    private final Parameters parameters;
    private final Mlp mlp;

    public ValueNetwork(NetworkSpec spec, Device device, Rng rng) {
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        this.mlp = Mlp.create(parameters, "", spec.layerSizes(1), 1.0, rng);
    }

    public Parameters parameters() {
        return parameters;
    }

    /** (batch, obsDim) to (batch). */
    public NDArray forward(NDArray obs) {
        return mlp.forward(obs).squeeze(1);
    }

    @Override
    public void close() {
        parameters.close();
        manager.close();
    }
}
