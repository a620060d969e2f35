package dev.alignsim.policy.ppo;

/** Gathers the rows of a minibatch out of flat row-major batch arrays. */
final class Minibatches {
    private Minibatches() {}

    static float[] rows(float[] source, int width, int[] order, int start, int count) {
        float[] out = new float[count * width];
        for (int r = 0; r < count; r++) {
            System.arraycopy(source, order[start + r] * width, out, r * width, width);
        }
        return out;
    }

    static int minibatchSize(int batchSize, int numMinibatches) {
        if (batchSize % numMinibatches != 0) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " is not divisible by ppo.num_minibatches = " + numMinibatches);
        }
        return batchSize / numMinibatches;
    }
}
