package dev.alignsim.policy.ppo;

/** What the critic learns from: observations, their returns and the values it predicted while acting. */
public record ValueBatch(int size, float[] observations, float[] returns, float[] oldValues) {
    public ValueBatch {
        if (size < 1 || returns.length != size || oldValues.length != size || observations.length % size != 0) {
            throw new IllegalArgumentException("value batch arrays do not match its size " + size);
        }
    }
}
