package dev.alignsim.env;

/**
 * A batch of {@link #numEnvs()} environments stepped together with flat float arrays, auto-resetting each one in
 * the same step its episode ends (Gymnasium's {@code SyncVectorEnv} before 1.0, as CleanRL uses it). Implemented by
 * {@link VectorEnv} and by the normalising layer {@link NormalizedVectorEnv}.
 */
public interface VectorEnvironment {

    int numEnvs();

    /** The space of ONE environment's observation. */
    Space observationSpace();

    /** The space of ONE environment's action. */
    Space actionSpace();

    /** Floats in one environment's observation. */
    int obsDim();

    /** Floats in one environment's action: {@code actionSpace().flatDim()}. */
    int actionDim();

    /** Resets every environment and returns the first observations, flat {@code [numEnvs * obsDim]}. */
    float[] reset();

    /**
     * Steps every environment with its slice of {@code actions} (flat {@code [numEnvs * actionDim]}) and fills
     * {@code out}. Requires a prior {@link #reset()}.
     *
     * @throws IllegalArgumentException if {@code actions} or {@code out} does not fit this vector
     * @throws IllegalStateException if {@link #reset()} was never called
     */
    void step(float[] actions, VectorStep out);

    /** The state between steps; requires a prior {@link #reset()} or {@link #restore}. */
    VectorEnvState snapshot();

    /**
     * Continues from a {@link #snapshot()} instead of a reset: afterwards {@link #step} behaves exactly as it did
     * after the snapshot was taken. The caller keeps the observations to act on (they are not recomputed).
     */
    void restore(VectorEnvState state);

    /** A step result sized for this vector, to reuse across calls to {@link #step}. */
    default VectorStep newStep() {
        return new VectorStep(numEnvs(), obsDim());
    }
}
