package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable arrays of one network, in a fixed order, owned by one manager: created, exported as plain
 * {@link NetworkWeights}, loaded back, and freed together.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private boolean closed;

    public Parameters(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Registers a trainable array with the given values. */
    public NDArray add(String name, int[] shape, float[] values) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        NDArray array;
        try (NDArray staged = manager.create(values, new Shape(toLongs(shape)))) {
            array = staged.duplicate();
        }
        array.setRequiresGradient(true);
        arrays.put(name, array);
        return array;
    }

    public NDManager manager() {
        return manager;
    }

    public List<NDArray> arrays() {
        return new ArrayList<>(arrays.values());
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter " + name + " among " + arrays.keySet());
        }
        return array;
    }

    /** A copy of every parameter's values, tagged with {@code version}. */
    public NetworkWeights export(long version) {
        List<NetworkWeights.Tensor> tensors = new ArrayList<>(arrays.size());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray array = e.getValue();
            tensors.add(new NetworkWeights.Tensor(e.getKey(), toInts(array.getShape()), array.toFloatArray()));
        }
        return new NetworkWeights(version, tensors);
    }

    /** Overwrites every parameter with the values of the same name; names and shapes must match. */
    public void load(NetworkWeights weights) {
        Autograd.stopRecordingOnThisThread();
        if (!weights.names().equals(new ArrayList<>(arrays.keySet()))) {
            throw new IllegalArgumentException(
                    "weights hold " + weights.names() + ", the network expects " + arrays.keySet());
        }
        for (NetworkWeights.Tensor t : weights.tensors()) {
            NDArray target = arrays.get(t.name());
            if (!target.getShape().equals(new Shape(toLongs(t.shape())))) {
                throw new IllegalArgumentException("tensor " + t.name() + " has shape " + new Shape(toLongs(t.shape()))
                        + ", the network expects " + target.getShape());
            }
            try (NDArray source = manager.create(t.values(), target.getShape())) {
                target.set(source.toByteBuffer());
            }
        }
    }

    /**
     * Overwrites the parameters whose names start with {@code prefix} with the tensors of the same name, and
     * leaves the others as they are: how a reward model or critic starts from the policy's encoder.
     *
     * @throws IllegalArgumentException if the two sets do not hold the same prefixed names and shapes
     */
    public void loadMatching(NetworkWeights weights, String prefix) {
        List<NetworkWeights.Tensor> matching = new ArrayList<>();
        for (NetworkWeights.Tensor t : weights.tensors()) {
            if (t.name().startsWith(prefix)) {
                matching.add(t);
            }
        }
        List<String> ours = new ArrayList<>();
        for (String name : arrays.keySet()) {
            if (name.startsWith(prefix)) {
                ours.add(name);
            }
        }
        List<String> theirs = new NetworkWeights(weights.version(), matching).names();
        if (ours.isEmpty() || !ours.equals(theirs)) {
            throw new IllegalArgumentException("weights hold " + theirs + " under '" + prefix + "', the network expects " + ours);
        }
        Autograd.stopRecordingOnThisThread();
        for (NetworkWeights.Tensor t : matching) {
            NDArray target = arrays.get(t.name());
            if (!target.getShape().equals(new Shape(toLongs(t.shape())))) {
                throw new IllegalArgumentException("tensor " + t.name() + " has shape " + new Shape(toLongs(t.shape()))
                        + ", the network expects " + target.getShape());
            }
            try (NDArray source = manager.create(t.values(), target.getShape())) {
                target.set(source.toByteBuffer());
            }
        }
    }

    static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    static int[] toInts(Shape shape) {
        int[] out = new int[shape.dimension()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(shape.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
