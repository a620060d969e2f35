package dev.alignsim.env;

import java.util.Objects;

/**
 * Observation and reward normalisation on top of a vector environment, as CleanRL's continuous-action PPO stacks
 * Gymnasium's wrappers: {@code NormalizeObservation} then {@code TransformObservation(clip)}, and
 * {@code NormalizeReward(gamma)} then {@code TransformReward(clip)}.
 *
 * <p>Differences from CleanRL, on purpose: CleanRL wraps each env separately, so each has its own statistics;
 * here, as in Gymnasium's vector wrappers ({@code gymnasium/wrappers/vector/stateful_observation.py} and
 * {@code stateful_reward.py}), one set of statistics is shared by all envs and updated with each batch of
 * {@code numEnvs} rows.
 *
 * <ul>
 *   <li>Observations: on every {@link #reset()} and {@link #step}, unless frozen, the observation statistics are
 *       updated with the batch of next observations; then each value becomes
 *       {@code clip((obs - mean) / sqrt(var + epsilon), -observationClip, observationClip)}. {@code finalObs} rows are
 *       normalised with the same statistics, without updating them again.
 *   <li>Rewards: a per-env discounted return {@code returns = returns * gamma * (1 - terminated) + reward} (the
 *       Gymnasium 1.x formula of {@code NormalizeReward}; 0.29 instead zeroed {@code returns} after the step where
 *       {@code terminated || truncated}); unless frozen, the return statistics are updated with the {@code numEnvs}
 *       returns; then {@code reward = clip(reward / sqrt(var + epsilon), -rewardClip, rewardClip)}. The returns are
 *       not reset by {@link #reset()}, as in Gymnasium.
 *   <li>{@link VectorStep#finishedEpisodes()} stays that of the RAW rewards (RecordEpisodeStatistics sits below the
 *       normalisation in CleanRL's stack).
 * </ul>
 *
 * <p>Clips apply to normalised values only: with a normalisation off, that part passes through untouched.
 */
public final class NormalizedVectorEnv implements VectorEnvironment {

    /**
     * What to normalise, and how.
     *
     * @param normalizeObservations whether to normalise observations
     * @param observationClip bound of the normalised observations ({@code Double.POSITIVE_INFINITY}: no clip)
     * @param normalizeRewards whether to normalise rewards
     * @param gamma discount of the return whose variance scales the rewards, in [0, 1]
     * @param rewardClip bound of the normalised rewards ({@code Double.POSITIVE_INFINITY}: no clip)
     * @param epsilon added to the variances before the square root, for stability
     */
    public record Options(boolean normalizeObservations, double observationClip, boolean normalizeRewards,
            double gamma, double rewardClip, double epsilon) {

        /** Gymnasium's default epsilon of both normalisation wrappers. */
        public static final double DEFAULT_EPSILON = 1e-8;

        public Options {
            if (!(observationClip > 0)) {
                throw new IllegalArgumentException("observationClip must be positive, got " + observationClip);
            }
            if (!(rewardClip > 0)) {
                throw new IllegalArgumentException("rewardClip must be positive, got " + rewardClip);
            }
            if (!(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
            }
        }

        /** CleanRL's continuous PPO: both normalised, both clipped to [-10, 10], epsilon 1e-8. */
        public static Options cleanRl(double gamma) {
            return new Options(true, 10.0, true, gamma, 10.0, DEFAULT_EPSILON);
        }
    }

    private final VectorEnvironment inner;
    private final Options options;
    private final int numEnvs;
    private final int obsDim;
    private final Space observationSpace;
    private final RunningMeanStd obsStats;
    private final RunningMeanStd returnStats;
    /** Per-env discounted return (Gymnasium's {@code accumulated_reward}). */
    private final double[] returns;
    /** {@code sqrt(var + epsilon)} per observation dimension, recomputed once per batch. */
    private final double[] obsScale;
    private boolean frozen;

    public NormalizedVectorEnv(VectorEnvironment inner, Options options) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.options = Objects.requireNonNull(options, "options");
        this.numEnvs = inner.numEnvs();
        this.obsDim = inner.obsDim();
        this.obsStats = new RunningMeanStd(obsDim);
        this.returnStats = new RunningMeanStd(1);
        this.returns = new double[numEnvs];
        this.obsScale = new double[obsDim];
        // As Gymnasium's NormalizeObservation, the observation space widens to what normalised values can be.
        this.observationSpace = options.normalizeObservations()
                ? Space.Box.symmetric(obsDim, (float) options.observationClip())
                : inner.observationSpace();
    }

    /** CleanRL's continuous-PPO normalisation ({@link Options#cleanRl}) on {@code inner}. */
    public static NormalizedVectorEnv cleanRl(VectorEnvironment inner, double gamma) {
        return new NormalizedVectorEnv(inner, Options.cleanRl(gamma));
    }

    public VectorEnvironment inner() {
        return inner;
    }

    public Options options() {
        return options;
    }

    @Override
    public int numEnvs() {
        return numEnvs;
    }

    /** {@code [-observationClip, observationClip]} per value when observations are normalised, else the inner space. */
    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public int obsDim() {
        return obsDim;
    }

    @Override
    public int actionDim() {
        return inner.actionDim();
    }

    /** Resets the inner environments and normalises the first observations (updating the statistics unless frozen). */
    @Override
    public float[] reset() {
        float[] obs = inner.reset();
        if (options.normalizeObservations()) {
            if (!frozen) {
                obsStats.update(obs);
            }
            prepareObsScale();
            normalizeRows(obs, null);
        }
        return obs;
    }

    @Override
    public void step(float[] actions, VectorStep out) {
        inner.step(actions, out);
        if (options.normalizeObservations()) {
            if (!frozen) {
                obsStats.update(out.obs);
            }
            prepareObsScale();
            normalizeRows(out.obs, null);
            normalizeRows(out.finalObs, out);
        }
        if (options.normalizeRewards()) {
            normalizeRewards(out);
        }
    }

    private void prepareObsScale() {
        for (int j = 0; j < obsDim; j++) {
            obsScale[j] = Math.sqrt(obsStats.var(j) + options.epsilon());
        }
    }

    /** Normalises and clips every row of {@code values}, or only the rows of ended episodes when {@code doneIn} is given. */
    private void normalizeRows(float[] values, VectorStep doneIn) {
        double clip = options.observationClip();
        for (int i = 0; i < numEnvs; i++) {
            if (doneIn != null && !doneIn.done(i)) {
                continue;
            }
            int base = i * obsDim;
            for (int j = 0; j < obsDim; j++) {
                double z = (values[base + j] - obsStats.mean(j)) / obsScale[j];
                values[base + j] = (float) clip(z, clip);
            }
        }
    }

    private void normalizeRewards(VectorStep out) {
        double gamma = options.gamma();
        for (int i = 0; i < numEnvs; i++) {
            // Gymnasium 1.x: the terminating step's own flag cuts the past, and the reward of that step is kept.
            double notTerminated = out.terminated[i] ? 0.0 : 1.0;
            returns[i] = returns[i] * gamma * notTerminated + out.rewards[i];
        }
        if (!frozen) {
            returnStats.update(returns);
        }
        double scale = Math.sqrt(returnStats.var(0) + options.epsilon());
        double clip = options.rewardClip();
        for (int i = 0; i < numEnvs; i++) {
            out.rewards[i] = (float) clip(out.rewards[i] / scale, clip);
        }
    }

    private static double clip(double value, double bound) {
        return Math.min(Math.max(value, -bound), bound);
    }

    @Override
    public VectorEnvState snapshot() {
        VectorEnvState innerState = inner.snapshot();
        NormalizationState stats = new NormalizationState(obsStats.mean(), obsStats.var(), obsStats.count(),
                returnStats.mean(), returnStats.var(), returnStats.count(), returns.clone());
        return new VectorEnvState(innerState.envs(), stats);
    }

    @Override
    public void restore(VectorEnvState state) {
        if (!state.normalized()) {
            throw new IllegalArgumentException("snapshot holds no normalisation statistics; this vector normalises");
        }
        inner.restore(new VectorEnvState(state.envs(), null));
        NormalizationState stats = state.normalization();
        obsStats.setState(stats.observationMean(), stats.observationVar(), stats.observationCount());
        returnStats.setState(stats.returnMean(), stats.returnVar(), stats.returnCount());
        setDiscountedReturns(stats.discountedReturns());
    }

    /** Whether the statistics are frozen (Gymnasium's {@code update_running_mean = False}), as for evaluation. */
    public boolean frozen() {
        return frozen;
    }

    /**
     * Freezes ({@code true}) or resumes ({@code false}) the updates of both statistics; frozen statistics are still
     * used to normalise. The discounted returns keep accumulating either way, as in Gymnasium.
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** The LIVE observation statistics: read or restore them with {@link RunningMeanStd#setState}. */
    public RunningMeanStd observationStats() {
        return obsStats;
    }

    /** The LIVE statistics of the discounted returns (one dimension). */
    public RunningMeanStd returnStats() {
        return returnStats;
    }

    /** A copy of the per-env discounted returns that feed {@link #returnStats()}. */
    public double[] discountedReturns() {
        return returns.clone();
    }

    /** Restores the per-env discounted returns, e.g. from a checkpoint. */
    public void setDiscountedReturns(double[] values) {
        if (values.length != numEnvs) {
            throw new IllegalArgumentException("discounted returns must have numEnvs = " + numEnvs + " values, got "
                    + values.length);
        }
        System.arraycopy(values, 0, returns, 0, numEnvs);
    }

    @Override
    public String toString() {
        return "NormalizedVectorEnv(" + inner + ", " + options + ")";
    }
}
