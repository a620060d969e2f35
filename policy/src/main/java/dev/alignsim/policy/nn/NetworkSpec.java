package dev.alignsim.policy.nn;

import dev.alignsim.env.Space;
import java.util.Arrays;

/**
 * The shape of the control-world networks: observation size, hidden layer sizes (CleanRL: 64, 64, tanh) and
 * the action space, which decides the policy's head (categorical logits or a diagonal Gaussian mean with a
 * state-independent log-std).
 */
public record NetworkSpec(int obsDim, int[] hidden, Space actionSpace) {

    public NetworkSpec {
        if (obsDim < 1) {
            throw new IllegalArgumentException("observation size must be positive, got " + obsDim);
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden sizes must be positive, got " + Arrays.toString(hidden));
            }
        }
    }

    public boolean discrete() {
        return actionSpace instanceof Space.Discrete;
    }

    /** Logits for a discrete space, means for a continuous one. */
    public int headSize() {
        return actionSpace instanceof Space.Discrete d ? d.n() : actionSpace.flatDim();
    }

    /** Floats per stored action: 1 (the index) or the action's dimension. */
    public int actionDim() {
        return actionSpace.flatDim();
    }

    int[] layerSizes(int output) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = obsDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = output;
        return sizes;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }
}
