package dev.alignsim.policy.ppo;

import dev.alignsim.env.Episode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code steps} steps of {@code envs} environments, time-major ({@code row = t * envs + e}), plain arrays only so
 * that it can travel in messages.
 *
 * @param policyVersion the weight version that acted
 * @param observations rows x obsDim, the observation each action was taken in
 * @param actions rows x actionDim
 * @param logProbs log-probability of each action under the acting policy
 * @param rewards the (possibly normalised) rewards PPO learns from
 * @param finalObservations rows x obsDim, the observation an episode ended in (zeros where none ended)
 * @param nextObservations envs x obsDim, the observations after the last step (GAE's bootstrap)
 * @param episodes episodes that finished during the rollout, in step order
 */
public record Rollout(
        int steps,
        int envs,
        int obsDim,
        int actionDim,
        long policyVersion,
        float[] observations,
        float[] actions,
        float[] logProbs,
        float[] rewards,
        boolean[] terminated,
        boolean[] truncated,
        float[] finalObservations,
        float[] nextObservations,
        List<Episode> episodes) {

    public Rollout {
        int rows = steps * envs;
        if (observations.length != rows * obsDim || actions.length != rows * actionDim || logProbs.length != rows
                || rewards.length != rows || terminated.length != rows || truncated.length != rows
                || finalObservations.length != rows * obsDim || nextObservations.length != envs * obsDim) {
            throw new IllegalArgumentException("rollout arrays do not match " + steps + " steps x " + envs + " envs");
        }
        episodes = List.copyOf(episodes);
    }

    public int rows() {
        return steps * envs;
    }

    /** Whether row {@code i} ended an episode that the critic must value at its final observation. */
    public boolean bootstrapsFromFinal(int row) {
        return truncated[row] && !terminated[row];
    }

    /**
     * Joins slices of the same steps side by side, slice {@code k}'s envs after slice {@code k-1}'s, as if one
     * vector environment had stepped them all. Episodes keep slice order, then step order.
     */
    public static Rollout concat(List<Rollout> slices) {
        Rollout first = slices.get(0);
        int steps = first.steps;
        int obsDim = first.obsDim;
        int actDim = first.actionDim;
        int envs = 0;
        for (Rollout s : slices) {
            if (s.steps != steps || s.obsDim != obsDim || s.actionDim != actDim || s.policyVersion != first.policyVersion) {
                throw new IllegalArgumentException("rollout slices differ in steps, sizes or policy version");
            }
            envs += s.envs;
        }
        int rows = steps * envs;
        float[] obs = new float[rows * obsDim];
        float[] actions = new float[rows * actDim];
        float[] logProbs = new float[rows];
        float[] rewards = new float[rows];
        boolean[] terminated = new boolean[rows];
        boolean[] truncated = new boolean[rows];
        float[] finalObs = new float[rows * obsDim];
        float[] nextObs = new float[envs * obsDim];
        List<Episode> episodes = new ArrayList<>();
        int envOffset = 0;
        for (Rollout s : slices) {
            for (int t = 0; t < steps; t++) {
                int src = t * s.envs;
                int dst = t * envs + envOffset;
                System.arraycopy(s.observations, src * obsDim, obs, dst * obsDim, s.envs * obsDim);
                System.arraycopy(s.finalObservations, src * obsDim, finalObs, dst * obsDim, s.envs * obsDim);
                System.arraycopy(s.actions, src * actDim, actions, dst * actDim, s.envs * actDim);
                System.arraycopy(s.logProbs, src, logProbs, dst, s.envs);
                System.arraycopy(s.rewards, src, rewards, dst, s.envs);
                System.arraycopy(s.terminated, src, terminated, dst, s.envs);
                System.arraycopy(s.truncated, src, truncated, dst, s.envs);
            }
            System.arraycopy(s.nextObservations, 0, nextObs, envOffset * obsDim, s.envs * obsDim);
            for (Episode e : s.episodes) {
                episodes.add(new Episode(e.envIndex() + envOffset, e.episodeReturn(), e.length()));
            }
            envOffset += s.envs;
        }
        return new Rollout(steps, envs, obsDim, actDim, first.policyVersion, obs, actions, logProbs, rewards,
                terminated, truncated, finalObs, nextObs, episodes);
    }
}
