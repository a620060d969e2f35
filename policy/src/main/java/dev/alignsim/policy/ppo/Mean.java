package dev.alignsim.policy.ppo;

import ai.djl.ndarray.NDArray;

/**
 * How a learner averages element-wise loss terms into one number: the control worlds over every element of the
 * minibatch, the token-sequence learners over real tokens only (padding takes no part).
 */
@FunctionalInterface
public interface Mean {
    /** The mean of {@code terms}, a scalar in the terms' manager. */
    NDArray of(NDArray terms);

    /** The plain mean over every element. */
    static Mean overAllElements() {
        return NDArray::mean;
    }
}
