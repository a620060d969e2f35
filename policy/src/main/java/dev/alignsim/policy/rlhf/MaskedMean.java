package dev.alignsim.policy.rlhf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Scalars;
import dev.alignsim.policy.ppo.Mean;

/**
 * The mean over the real tokens of a minibatch of responses: padding positions (mask 0) take no part.
 * {@code sum(x * mask) / tokens}, with {@code tokens} the mask's sum counted in Java (at least 1).
 */
final class MaskedMean implements Mean {
    private final NDArray mask;
    private final float tokens;

    private MaskedMean(NDArray mask, float tokens) {
        this.mask = mask;
        this.tokens = tokens;
    }

    /** The mean over the tokens {@code mask} marks real, (rows, width) row-major; the mask array lives in {@code scope}. */
    static MaskedMean over(NDManager scope, float[] mask, int rows, int width) {
        return new MaskedMean(scope.create(mask, new Shape(rows, width)), tokens(mask));
    }

    /** The mask, 1 at real tokens and 0 at padding. */
    NDArray mask() {
        return mask;
    }

    @Override
    public NDArray of(NDArray x) {
        return Scalars.times(x.mul(mask).sum(), 1f / tokens);
    }

    private static float tokens(float[] mask) {
        float n = 0;
        for (float m : mask) {
            n += m;
        }
        return Math.max(n, 1f);
    }
}
