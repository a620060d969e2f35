package dev.alignsim.policy.ppo;

/**
 * What every PPO learner does the same way: it keeps its optimiser, shuffler and update count in one
 * {@link TrainingState}, is snapshotted and continued exactly through it, and frees it when closed. Subclasses
 * train; one that owns its network closes it after calling {@code super.close()}.
 */
public abstract class Learner implements AutoCloseable {
    protected final TrainingState state;

    protected Learner(TrainingState state) {
        this.state = state;
    }

    /** Weights (tagged with the update count), optimiser and shuffler. */
    public LearnerSnapshot snapshot() {
        return state.snapshot();
    }

    /** Continues from a {@link #snapshot()}: weights, optimiser, shuffler and update count. */
    public void restore(LearnerSnapshot snapshot) {
        state.restore(snapshot);
    }

    @Override
    public void close() {
        state.close();
    }
}
