package dev.alignsim.policy.ppo;

import dev.alignsim.env.Episode;
import dev.alignsim.env.Rng;
import dev.alignsim.env.VectorEnvState;
import dev.alignsim.env.VectorEnvironment;
import dev.alignsim.env.VectorStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Acting: steps a vector environment with an {@link InferencePolicy} for a fixed number of steps and records a
 * {@link Rollout}. Environments carry on across rollouts, as in CleanRL (episodes span iterations).
 */
public final class RolloutCollector {
    private final VectorEnvironment envs;
    private final Rng rng;
    private final VectorStep step;
    private final float[] actions;
    private final float[] logProbs;
    private float[] current;

    public RolloutCollector(VectorEnvironment envs, Rng rng) {
        this.envs = envs;
        this.rng = rng;
        this.step = envs.newStep();
        this.actions = new float[envs.numEnvs() * envs.actionDim()];
        this.logProbs = new float[envs.numEnvs()];
        this.current = envs.reset();
    }

    /** The acting state between rollouts: environments, the observations to act on next, the sampler. */
    public record State(VectorEnvState envs, float[] currentObservations, long[] rng) {}

    public State snapshot() {
        return new State(envs.snapshot(), current.clone(), rng.state());
    }

    /** Continues from a {@link #snapshot()}: the next rollout is the one that would have followed it. */
    public void restore(State state) {
        if (state.currentObservations().length != current.length) {
            throw new IllegalArgumentException("snapshot holds " + state.currentObservations().length
                    + " observation values, this runner has " + current.length);
        }
        envs.restore(state.envs());
        current = state.currentObservations().clone();
        rng.setState(state.rng());
    }

    public Rollout collect(int steps, InferencePolicy policy) {
        int n = envs.numEnvs();
        int obsDim = envs.obsDim();
        int actDim = envs.actionDim();
        int rows = steps * n;
        float[] obs = new float[rows * obsDim];
        float[] acts = new float[rows * actDim];
        float[] lps = new float[rows];
        float[] rewards = new float[rows];
        boolean[] terminated = new boolean[rows];
        boolean[] truncated = new boolean[rows];
        float[] finalObs = new float[rows * obsDim];
        List<Episode> episodes = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            int row = t * n;
            System.arraycopy(current, 0, obs, row * obsDim, n * obsDim);
            policy.act(current, n, rng, actions, logProbs);
            System.arraycopy(actions, 0, acts, row * actDim, n * actDim);
            System.arraycopy(logProbs, 0, lps, row, n);
            envs.step(actions, step);
            System.arraycopy(step.rewards, 0, rewards, row, n);
            System.arraycopy(step.terminated, 0, terminated, row, n);
            System.arraycopy(step.truncated, 0, truncated, row, n);
            for (int e = 0; e < n; e++) {
                if (step.terminated[e] || step.truncated[e]) {
                    System.arraycopy(step.finalObs, e * obsDim, finalObs, (row + e) * obsDim, obsDim);
                }
            }
            episodes.addAll(step.finishedEpisodes());
            current = step.obs.clone();
        }
        return new Rollout(steps, n, obsDim, actDim, policy.version(), obs, acts, lps, rewards, terminated, truncated,
                finalObs, current.clone(), episodes);
    }
}
