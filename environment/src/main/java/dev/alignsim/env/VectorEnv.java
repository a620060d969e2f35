package dev.alignsim.env;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code numEnvs} copies of one environment stepped in turn, as Gymnasium's {@code SyncVectorEnv} with same-step
 * auto-reset (the behaviour of Gymnasium before 1.0, which CleanRL is written against), each wrapped in
 * {@code TimeLimit} and {@code RecordEpisodeStatistics}.
 *
 * <p>When env {@code i}'s episode ends (terminated, or truncated after {@link Env#maxEpisodeSteps()} steps), the same
 * {@link #step} records the observation it ended at in {@link VectorStep#finalObs}, reports an {@link Episode}, resets
 * the env and puts the new episode's first observation in {@link VectorStep#obs}. Env {@code i} draws its resets from
 * its own generator {@code Rng.derive(seed, i)}, so one env's episodes do not depend on how long the others last.
 */
public final class VectorEnv implements VectorEnvironment {

    private final Env[] envs;
    private final Rng[] rngs;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int obsDim;
    private final int actionDim;
    private final int maxEpisodeSteps;
    /** Steps taken in each env's current episode (TimeLimit's {@code _elapsed_steps}). */
    private final int[] elapsedSteps;
    /** Sum of raw rewards of each env's current episode. */
    private final double[] episodeReturns;
    private boolean started;

    /**
     * @param factory makes one NEW environment per call (called {@code numEnvs} times)
     * @param numEnvs how many environments, at least 1
     * @param seed seeds env {@code i}'s reset generator as {@code Rng.derive(seed, i)}
     * @throws IllegalArgumentException if {@code numEnvs < 1}, or the factory returns a shared instance or
     *     environments that disagree on spaces or time limit
     */
    public VectorEnv(Supplier<? extends Env> factory, int numEnvs, long seed) {
        Objects.requireNonNull(factory, "factory");
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        }
        envs = new Env[numEnvs];
        rngs = new Rng[numEnvs];
        Map<Env, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < numEnvs; i++) {
            Env env = Objects.requireNonNull(factory.get(), "factory returned null");
            if (seen.put(env, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("factory returned the same " + env.id()
                        + " instance twice; a vector env needs one instance per copy");
            }
            envs[i] = env;
            rngs[i] = Rng.derive(seed, i);
        }
        Env first = envs[0];
        observationSpace = first.observationSpace();
        actionSpace = first.actionSpace();
        maxEpisodeSteps = first.maxEpisodeSteps();
        for (Env env : envs) {
            if (!env.observationSpace().equals(observationSpace) || !env.actionSpace().equals(actionSpace)
                    || env.maxEpisodeSteps() != maxEpisodeSteps) {
                throw new IllegalArgumentException("environments disagree: " + first.id() + " and " + env.id()
                        + " have different spaces or time limits");
            }
        }
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(first.id() + ": maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        obsDim = observationSpace.flatDim();
        actionDim = actionSpace.flatDim();
        elapsedSteps = new int[numEnvs];
        episodeReturns = new double[numEnvs];
    }

    /** {@code numEnvs} copies of the registered environment {@code envId} (see {@link Envs}). */
    public VectorEnv(String envId, int numEnvs, long seed) {
        this(Envs.factory(envId), numEnvs, seed);
    }

    @Override
    public int numEnvs() {
        return envs.length;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public int obsDim() {
        return obsDim;
    }

    @Override
    public int actionDim() {
        return actionDim;
    }

    /** The time limit after which an episode is truncated. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** The id of the environments, e.g. {@code CartPole-v1}. */
    public String envId() {
        return envs[0].id();
    }

    /** Resets every env from its own generator and zeroes the episode counters. */
    @Override
    public float[] reset() {
        float[] obs = new float[envs.length * obsDim];
        reset(obs);
        return obs;
    }

    /** {@link #reset()} writing into {@code out} ({@code [numEnvs * obsDim]}) instead of a new array. */
    public void reset(float[] out) {
        if (out.length != envs.length * obsDim) {
            throw new IllegalArgumentException("reset needs an array of numEnvs * obsDim = " + envs.length * obsDim
                    + " floats, got " + out.length);
        }
        for (int i = 0; i < envs.length; i++) {
            envs[i].reset(rngs[i]);
            elapsedSteps[i] = 0;
            episodeReturns[i] = 0.0;
            envs[i].observe(out, i * obsDim);
        }
        started = true;
    }

    @Override
    public void step(float[] actions, VectorStep out) {
        if (!started) {
            throw new IllegalStateException("call reset() before step()");
        }
        if (actions.length != envs.length * actionDim) {
            throw new IllegalArgumentException(envId() + ": actions must have numEnvs * actionDim = "
                    + envs.length * actionDim + " floats, got " + actions.length);
        }
        out.checkShape(envs.length, obsDim);
        out.clear();
        for (int i = 0; i < envs.length; i++) {
            Env env = envs[i];
            int obsOffset = i * obsDim;
            double reward = env.step(actions, i * actionDim);
            elapsedSteps[i]++;
            episodeReturns[i] += reward;
            boolean terminated = env.terminated();
            // TimeLimit: truncation is independent of termination; both may hold on the same step.
            boolean truncated = elapsedSteps[i] >= maxEpisodeSteps;
            out.rewards[i] = (float) reward;
            out.terminated[i] = terminated;
            out.truncated[i] = truncated;
            if (terminated || truncated) {
                env.observe(out.finalObs, obsOffset);
                out.addEpisode(new Episode(i, episodeReturns[i], elapsedSteps[i]));
                env.reset(rngs[i]);
                elapsedSteps[i] = 0;
                episodeReturns[i] = 0.0;
            }
            env.observe(out.obs, obsOffset);
        }
    }

    @Override
    public VectorEnvState snapshot() {
        if (!started) {
            throw new IllegalStateException("call reset() before snapshot()");
        }
        List<EnvSnapshot> copies = new ArrayList<>(envs.length);
        for (int i = 0; i < envs.length; i++) {
            copies.add(new EnvSnapshot(envs[i].state(), elapsedSteps[i], episodeReturns[i], rngs[i].state()));
        }
        return new VectorEnvState(copies, null);
    }

    @Override
    public void restore(VectorEnvState state) {
        if (state.envs().size() != envs.length) {
            throw new IllegalArgumentException(envId() + ": snapshot holds " + state.envs().size() + " envs, this vector has "
                    + envs.length);
        }
        for (int i = 0; i < envs.length; i++) {
            EnvSnapshot copy = state.envs().get(i);
            envs[i].setState(copy.state());
            elapsedSteps[i] = copy.elapsedSteps();
            episodeReturns[i] = copy.episodeReturn();
            rngs[i].setState(copy.rng());
        }
        started = true;
    }

    /** A copy of env {@code i}'s float64 internal state (see {@link Env#state()}). */
    public double[] envState(int i) {
        return envs[checkIndex(i)].state();
    }

    /**
     * Puts env {@code i} into {@code state} (see {@link Env#setState}). The episode counters (elapsed steps,
     * return) are left as they are: the episode goes on from the new state.
     */
    public void setEnvState(int i, double[] state) {
        envs[checkIndex(i)].setState(state);
    }

    /** Steps taken so far in env {@code i}'s current episode. */
    public int elapsedSteps(int i) {
        return elapsedSteps[checkIndex(i)];
    }

    /** A copy of env {@code i}'s reset generator state, to checkpoint a run. */
    public long[] rngState(int i) {
        return rngs[checkIndex(i)].state();
    }

    /** Restores env {@code i}'s reset generator state from {@link #rngState(int)}. */
    public void setRngState(int i, long[] state) {
        rngs[checkIndex(i)].setState(state);
    }

    private int checkIndex(int i) {
        return Objects.checkIndex(i, envs.length);
    }

    @Override
    public String toString() {
        return "VectorEnv(" + envId() + ", numEnvs=" + envs.length + ")";
    }
}
