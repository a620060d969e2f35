package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Backward passes without DJL's {@code GradientCollector}: the PyTorch engine's collector is a JVM-wide
 * singleton (a static flag), so two learners training on two threads would refuse each other. Libtorch's
 * grad mode is thread-local, so each learner's thread can switch it on for itself.
 */
public final class Autograd {
    private Autograd() {}

    /** Switches gradient recording on for the calling thread (off by default in DJL's engine). */
    public static void recordOnThisThread() {
        if (!JniUtils.isGradMode()) {
            JniUtils.setGradMode(true);
        }
    }

    /** Switches gradient recording off for the calling thread (inference, statistics, weight loading). */
    public static void stopRecordingOnThisThread() {
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    /** Accumulates d(loss)/d(parameter) into every parameter that requires a gradient; loss is a scalar. */
    public static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }
}
