package dev.alignsim.actors.experiment;

import dev.alignsim.env.Episode;
import dev.alignsim.policy.ppo.Rollout;
import java.util.ArrayList;
import java.util.List;

/**
 * Episode returns under the learned reward, for {@code episode_return_mean} of a run from feedback (the world's
 * returns are then {@code objective/true_return}): each environment's sum so far, and the last 100 finished episodes.
 * Episodes span iterations, so the sums so far are part of a checkpoint.
 */
final class LearnedReturns {
    private final EpisodeWindow window = new EpisodeWindow(100);
    private double[] partial;

    LearnedReturns(int envs) {
        this.partial = new double[envs];
    }

    /** Adds a rollout's learned rewards (time-major, as its rows); an episode ends where the world ended it. */
    void add(Rollout rollout, float[] learnedRewards) {
        int envs = rollout.envs();
        List<Episode> finished = new ArrayList<>();
        for (int t = 0; t < rollout.steps(); t++) {
            for (int e = 0; e < envs; e++) {
                int row = t * envs + e;
                partial[e] += learnedRewards[row];
                if (rollout.terminated()[row] || rollout.truncated()[row]) {
                    finished.add(new Episode(e, partial[e], 0));
                    partial[e] = 0;
                }
            }
        }
        window.add(finished);
    }

    double meanReturn() {
        return window.meanReturn();
    }

    List<Episode> recent() {
        return window.recent();
    }

    long total() {
        return window.total();
    }

    double[] partial() {
        return partial.clone();
    }

    /** Continues from a checkpoint, or from the run's start with no episodes and zero sums. */
    void restore(List<Episode> episodes, long total, double[] partialReturns) {
        if (partialReturns.length != partial.length && partialReturns.length != 0) {
            throw new IllegalStateException("checkpoint holds learned returns of " + partialReturns.length + " envs, the run has "
                    + partial.length);
        }
        window.restore(episodes, total);
        partial = partialReturns.length == 0 ? new double[partial.length] : partialReturns.clone();
    }
}
