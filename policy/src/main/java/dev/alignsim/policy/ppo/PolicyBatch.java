package dev.alignsim.policy.ppo;

/**
 * What the policy learns from in one iteration, row-major: {@code size} observations, the actions taken and
 * their advantages. {@code policyVersion} is the weight version that acted; the learner checks that it is its own.
 */
public record PolicyBatch(long policyVersion, int size, float[] observations, float[] actions, float[] advantages) {
    public PolicyBatch {
        if (size < 1 || advantages.length != size || observations.length % size != 0 || actions.length % size != 0) {
            throw new IllegalArgumentException("policy batch arrays do not match its size " + size);
        }
    }
}
