package dev.alignsim.policy.ppo;

import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.nn.NetworkWeights;

/**
 * An acting copy of the policy in plain Java, loaded from published {@link NetworkWeights}. Env runners step
 * a few environments at a time, and for a 64-64 MLP a JNI call per op would cost more than the arithmetic
 * (each libtorch call has a fixed cost in the microseconds whatever its size), so acting stays on the JVM.
 * Not thread-safe: one per runner.
 */
public final class InferencePolicy {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final NetworkSpec spec;
    private final long version;
    private final float[][] weights;
    private final float[][] biases;
    private final int[] sizes;
    private final float[] logStd;
    private final float[][] activations;

    public InferencePolicy(NetworkSpec spec, NetworkWeights published) {
        this.spec = spec;
        this.version = published.version();
        int layers = spec.hidden().length + 1;
        weights = new float[layers][];
        biases = new float[layers][];
        sizes = new int[layers + 1];
        sizes[0] = spec.obsDim();
        for (int i = 0; i < layers; i++) {
            NetworkWeights.Tensor w = published.tensor("w" + i);
            if (w.shape()[1] != sizes[i]) {
                throw new IllegalArgumentException("layer " + i + " expects " + w.shape()[1] + " inputs, spec gives " + sizes[i]);
            }
            weights[i] = w.values().clone();
            biases[i] = published.tensor("b" + i).values().clone();
            sizes[i + 1] = w.shape()[0];
        }
        if (sizes[layers] != spec.headSize()) {
            throw new IllegalArgumentException("policy head has " + sizes[layers] + " outputs, spec expects " + spec.headSize());
        }
        logStd = spec.discrete() ? null : published.tensor("log_std").values().clone();
        activations = new float[layers + 1][];
        for (int i = 0; i <= layers; i++) {
            activations[i] = new float[sizes[i]];
        }
    }

    public long version() {
        return version;
    }

    /**
     * Samples one action per row of {@code observations} ({@code rows x obsDim}), writing the actions
     * ({@code rows x actionDim}; discrete ones as the index) and their log-probabilities.
     */
    public void act(float[] observations, int rows, Rng rng, float[] actionsOut, float[] logProbOut) {
        int actDim = spec.actionDim();
        for (int r = 0; r < rows; r++) {
            float[] head = forward(observations, r * spec.obsDim());
            if (spec.discrete()) {
                logProbOut[r] = sampleCategorical(head, rng, actionsOut, r);
            } else {
                double logProb = 0;
                for (int d = 0; d < actDim; d++) {
                    double std = Math.exp(logStd[d]);
                    double z = rng.nextGaussian();
                    actionsOut[r * actDim + d] = (float) (head[d] + std * z);
                    logProb += -0.5 * z * z - logStd[d] - LOG_SQRT_2PI;
                }
                logProbOut[r] = (float) logProb;
            }
        }
    }

    private float sampleCategorical(float[] logits, Rng rng, float[] actionsOut, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double logSum = max + Math.log(sum);
        double u = rng.nextDouble();
        double cumulative = 0;
        int choice = logits.length - 1;
        for (int k = 0; k < logits.length; k++) {
            cumulative += Math.exp(logits[k] - logSum);
            if (u < cumulative) {
                choice = k;
                break;
            }
        }
        actionsOut[row] = choice;
        return (float) (logits[choice] - logSum);
    }

    /** The head's outputs (logits or means) for one observation; the returned array is reused. */
    float[] forward(float[] observations, int offset) {
        float[] input = activations[0];
        System.arraycopy(observations, offset, input, 0, sizes[0]);
        for (int layer = 0; layer < weights.length; layer++) {
            float[] in = activations[layer];
            float[] out = activations[layer + 1];
            float[] w = weights[layer];
            int inSize = sizes[layer];
            boolean hidden = layer < weights.length - 1;
            for (int o = 0; o < out.length; o++) {
                float sum = biases[layer][o];
                int base = o * inSize;
                for (int i = 0; i < inSize; i++) {
                    sum += w[base + i] * in[i];
                }
                out[o] = hidden ? (float) Math.tanh(sum) : sum;
            }
        }
        return activations[weights.length];
    }
}
