package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.alignsim.env.Rng;
import java.util.Arrays;

/**
 * A tanh multi-layer perceptron whose weights live in a {@link Parameters} set, initialised as CleanRL does:
 * orthogonal weights (gain √2 for hidden layers, a chosen gain for the output layer) and zero biases.
 * Parameter names are {@code prefix + "w" + i} and {@code prefix + "b" + i}; weights are (out, in).
 */
public final class Mlp {
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final int[] sizes;

    private Mlp(Parameters parameters, String prefix, int[] sizes, double outputGain, Rng rng) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weights = new NDArray[layers];
        biases = new NDArray[layers];
        for (int i = 0; i < layers; i++) {
            int in = sizes[i];
            int out = sizes[i + 1];
            double gain = i == layers - 1 ? outputGain : Math.sqrt(2.0);
            weights[i] = parameters.add(prefix + "w" + i, new int[] {out, in}, OrthogonalInit.matrix(out, in, gain, rng));
            biases[i] = parameters.add(prefix + "b" + i, new int[] {out}, new float[out]);
        }
    }

    /** Builds the layers into {@code parameters}; {@code sizes} = input, hidden..., output. */
    public static Mlp create(Parameters parameters, String prefix, int[] sizes, double outputGain, Rng rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        return new Mlp(parameters, prefix, sizes, outputGain, rng);
    }

    /** (batch, in) to (batch, out); intermediates belong to the input's manager. */
    public NDArray forward(NDArray x) {
        NDArray h = x;
        for (int i = 0; i < weights.length; i++) {
            h = Linear.linear(h, weights[i], biases[i]).singletonOrThrow();
            if (i < weights.length - 1) {
                h = h.tanh();
            }
        }
        return h;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }
}
