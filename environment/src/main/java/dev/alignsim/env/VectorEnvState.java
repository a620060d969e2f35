package dev.alignsim.env;

import java.util.List;

/**
 * A vector environment between steps, enough to continue it exactly (for checkpoints and resume).
 *
 * @param envs each copy's state, in index order
 * @param normalization the normalisation statistics, or null where the vector does not normalise
 */
public record VectorEnvState(List<EnvSnapshot> envs, NormalizationState normalization) {
    public VectorEnvState {
        envs = List.copyOf(envs);
    }

    public boolean normalized() {
        return normalization != null;
    }
}
