package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** The global gradient norm and the factor {@code torch.nn.utils.clip_grad_norm_} scales gradients by. */
public final class GradientClip {
    private GradientClip() {}

    /** L2 norm of all gradients together. */
    public static double globalNorm(List<NDArray> parameters, NDManager scope) {
        double sumSquares = 0;
        for (NDArray p : parameters) {
            NDArray gradient = p.getGradient();
            gradient.attach(scope);
            double norm = gradient.norm().getFloat();
            sumSquares += norm * norm;
        }
        return Math.sqrt(sumSquares);
    }

    /** {@code min(1, maxNorm / (norm + 1e-6))}, as PyTorch computes its clip coefficient. */
    public static float scale(double norm, double maxNorm) {
        return (float) Math.min(1.0, maxNorm / (norm + 1e-6));
    }
}
