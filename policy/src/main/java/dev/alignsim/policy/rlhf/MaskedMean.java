package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import dev.alignsim.policy.nn.Scalars;

/** Means over the real tokens of a batch: padding positions (mask 0) take no part. */
final class MaskedMean {
    private MaskedMean() {}

    /** {@code sum(x * mask) / tokens}, with {@code tokens} the mask's sum, counted in Java. */
    static NDArray of(NDArray x, NDArray mask, float tokens) {
        return Scalars.times(x.mul(mask).sum(), 1f / tokens);
    }

    static float tokens(float[] mask) {
        float n = 0;
        for (float m : mask) {
            n += m;
        }
        return Math.max(n, 1f);
    }
}
