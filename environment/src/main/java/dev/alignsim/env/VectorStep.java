package dev.alignsim.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The result of one {@link VectorEnvironment#step}, owned by the caller and refilled in place every step so that
 * stepping allocates nothing but the {@link Episode} records of episodes that ended. Arrays are indexed by env
 * (row {@code i} of {@code obs} and {@code finalObs} is {@code [i * obsDim, (i + 1) * obsDim)}).
 */
public final class VectorStep {

    /** Next observations; for an env whose episode just ended, the first observation of its NEW episode. */
    public final float[] obs;
    /** Rewards of this step (normalised and clipped if the environment normalises rewards). */
    public final float[] rewards;
    /** Whether the episode ended by the task's own rule. */
    public final boolean[] terminated;
    /** Whether the episode was cut by the time limit; may be true together with {@link #terminated}. */
    public final boolean[] truncated;
    /**
     * The observation at which the episode ended (Gymnasium's {@code final_observation}); valid only in the rows where
     * {@code terminated[i] || truncated[i]}, zero elsewhere.
     */
    public final float[] finalObs;

    private final int numEnvs;
    private final int obsDim;
    private final List<Episode> episodes;
    private final List<Episode> episodesView;

    public VectorStep(int numEnvs, int obsDim) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        }
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1, got " + obsDim);
        }
        this.numEnvs = numEnvs;
        this.obsDim = obsDim;
        this.obs = new float[Math.multiplyExact(numEnvs, obsDim)];
        this.finalObs = new float[numEnvs * obsDim];
        this.rewards = new float[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        // At most one episode per env can end in a step, so this list never grows after construction.
        this.episodes = new ArrayList<>(numEnvs);
        this.episodesView = Collections.unmodifiableList(episodes);
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int obsDim() {
        return obsDim;
    }

    /** Whether env {@code i}'s episode ended in this step, by termination or truncation. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    /** The episodes that ended in this step, in env order; a read-only view, cleared at the next step. */
    public List<Episode> finishedEpisodes() {
        return episodesView;
    }

    /** Empties the step before it is refilled. */
    void clear() {
        episodes.clear();
        Arrays.fill(finalObs, 0f);
    }

    void addEpisode(Episode episode) {
        episodes.add(episode);
    }

    /** Throws unless this step was made for a vector of {@code numEnvs} envs with {@code obsDim} observations. */
    void checkShape(int expectedNumEnvs, int expectedObsDim) {
        if (numEnvs != expectedNumEnvs || obsDim != expectedObsDim) {
            throw new IllegalArgumentException("VectorStep was made for " + numEnvs + " envs x " + obsDim
                    + " observation floats, but this vector env has " + expectedNumEnvs + " x " + expectedObsDim);
        }
    }
}
