package dev.alignsim.policy.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.alignsim.env.Rng;

/**
 * The actor: an MLP giving categorical logits (discrete actions) or Gaussian means plus a state-independent
 * log-std parameter (continuous actions), as in CleanRL's {@code ppo.py} and {@code ppo_continuous_action.py}.
 */
public final class PolicyNetwork implements AutoCloseable {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final NetworkSpec spec;
    private final NDManager manager;
    private final Parameters parameters;
    private final Mlp mlp;
    private final NDArray logStd;

    /** Log-probability of the given actions and the distribution's entropy, one entry per row. */
    public record Evaluation(NDArray logProb, NDArray entropy) {}

    public PolicyNetwork(NetworkSpec spec, Device device, Rng rng) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        this.mlp = Mlp.create(parameters, "", spec.layerSizes(spec.headSize()), 0.01, rng);
        this.logStd = spec.discrete() ? null : parameters.add("log_std", new int[] {1, spec.headSize()}, new float[spec.headSize()]);
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /**
     * @param obs (batch, obsDim)
     * @param actions (batch, 1) action indices as float for discrete spaces, (batch, dim) for continuous
     */
    public Evaluation evaluate(NDArray obs, NDArray actions) {
        NDArray head = mlp.forward(obs);
        if (spec.discrete()) {
            NDArray logProbs = head.logSoftmax(1);
            NDArray logProb = logProbs.gather(actions.toType(DataType.INT64, false), 1).squeeze(1);
            NDArray entropy = logProbs.exp().mul(logProbs).sum(new int[] {1}).neg();
            return new Evaluation(logProb, entropy);
        }
        // Ops on the log-std parameter would attach their results to the parameters' manager and outlive the
        // step: start from a copy in the step's scope instead.
        NDArray scopedLogStd = logStd.toDevice(head.getDevice(), true);
        scopedLogStd.attach(head.getManager());
        NDArray std = scopedLogStd.exp();
        NDArray z = actions.sub(head).div(std);
        NDArray perDim = Scalars.plus(Scalars.times(z.square(), -0.5f).sub(scopedLogStd), (float) -LOG_SQRT_2PI);
        NDArray logProb = perDim.sum(new int[] {1});
        NDArray entropy = Scalars.plus(scopedLogStd, (float) (0.5 + LOG_SQRT_2PI)).sum(new int[] {1}).broadcast(logProb.getShape());
        return new Evaluation(logProb, entropy);
    }

    @Override
    public void close() {
        parameters.close();
        manager.close();
    }
}
