package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam as {@code torch.optim.Adam} computes it, with its state (moments and step count) held here so that
 * it can be saved and restored exactly. Each parameter's update is one fused libtorch call; a global
 * gradient-norm clip is folded into it as a gradient scale.
 */
public final class Adam implements AutoCloseable {
    private final List<NDArray> parameters;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final NDManager stateManager;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private long step;
    private boolean closed;

    public Adam(Parameters parameters, float beta1, float beta2, float epsilon) {
        this.parameters = parameters.arrays();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.stateManager = parameters.manager().newSubManager();
        for (NDArray p : this.parameters) {
            means.add(stateManager.zeros(p.getShape(), p.getDataType()));
            variances.add(stateManager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /**
     * One update from the gradients accumulated in the parameters, which it then zeroes.
     *
     * @param learningRate this step's learning rate
     * @param gradientScale factor applied to every gradient first (1 for none; the grad-norm clip's factor)
     * @param scope manager for the temporary gradient handles
     */
    public void step(float learningRate, float gradientScale, NDManager scope) {
        step++;
        double coef1 = 1.0 - Math.pow(beta1, step);
        double coef2 = 1.0 - Math.pow(beta2, step);
        // libtorch's fused kernel computes w -= c * m / (sqrt(v) + e); with c = lr * sqrt(coef2) / coef1 and
        // e = eps * sqrt(coef2) this is PyTorch's w -= lr / coef1 * m / (sqrt(v) / sqrt(coef2) + eps).
        float correctedRate = (float) (learningRate * Math.sqrt(coef2) / coef1);
        float correctedEpsilon = (float) (epsilon * Math.sqrt(coef2));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i);
            NDArray gradient = weight.getGradient();
            gradient.attach(scope);
            weight.getNDArrayInternal()
                    .adamUpdate(
                            new NDList(weight, gradient, means.get(i), variances.get(i)),
                            new NDList(weight),
                            learningRate,
                            correctedRate,
                            0f,
                            gradientScale,
                            -1f,
                            beta1,
                            beta2,
                            correctedEpsilon,
                            false,
                            false);
        }
    }

    /** Updates taken so far. */
    public long stepCount() {
        return step;
    }

    /** First moments, in parameter order, as plain arrays (for checkpoints). */
    public List<float[]> firstMoments() {
        return toFloats(means);
    }

    /** Second moments, in parameter order, as plain arrays (for checkpoints). */
    public List<float[]> secondMoments() {
        return toFloats(variances);
    }

    /** Restores a saved state: step count and both moments, in parameter order. */
    public void restore(long stepCount, List<float[]> first, List<float[]> second) {
        if (first.size() != means.size() || second.size() != variances.size()) {
            throw new IllegalArgumentException("optimizer state for " + first.size() + " parameters, expected " + means.size());
        }
        Autograd.stopRecordingOnThisThread();
        for (int i = 0; i < means.size(); i++) {
            means.get(i).set(first.get(i));
            variances.get(i).set(second.get(i));
        }
        this.step = stepCount;
    }

    private static List<float[]> toFloats(List<NDArray> arrays) {
        List<float[]> out = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) {
            out.add(a.toFloatArray());
        }
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stateManager.close();
        }
    }
}
