package dev.alignsim.policy.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's parameters as plain arrays (row-major), tagged with the version that produced them: what
 * learners publish and inference copies load. No DJL types, so it can travel in messages.
 */
public record NetworkWeights(long version, List<Tensor> tensors) {

    /** One named parameter: its shape and its values, row-major. */
    public record Tensor(String name, int[] shape, float[] values) {
        public Tensor {
            long size = 1;
            for (int d : shape) {
                size *= d;
            }
            if (size != values.length) {
                throw new IllegalArgumentException(
                        "tensor " + name + ": shape holds " + size + " values, got " + values.length);
            }
        }
    }

    public NetworkWeights {
        tensors = List.copyOf(tensors);
    }

    public Tensor tensor(String name) {
        for (Tensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor named " + name + " among " + names());
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Tensor t : tensors) {
            names.add(t.name());
        }
        return names;
    }

    /** Total number of scalar parameters. */
    public int parameterCount() {
        int n = 0;
        for (Tensor t : tensors) {
            n += t.values().length;
        }
        return n;
    }
}
