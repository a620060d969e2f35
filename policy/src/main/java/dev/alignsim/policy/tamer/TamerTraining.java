package dev.alignsim.policy.tamer;

import ai.djl.Device;
import dev.alignsim.env.Env;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.env.labelers.SegmentLabeler;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * TAMER on a discrete control world, one episode at a time: the agent acts greedily on its estimate of the human
 * reward; a labeler judges every action it took from the action's true advantage ({@link TrueAdvantage}), the
 * judgement arriving {@code delay} steps later; after the episode the judgements are credited to the steps they may
 * concern ({@link CreditAssignment}) and the learner regresses on the most recent {@code memory} credited steps.
 * Deterministic given the seed. Not thread-safe.
 */
public final class TamerTraining implements AutoCloseable {
    private static final long RESET_STREAM = 73;

    private final Env env;
    private final SegmentLabeler labeler;
    private final TamerSettings settings;
    private final TamerLearner learner;
    private final TrueAdvantage advantage;
    private final Rng resetRng;
    private final int obsDim;
    private final int actions;
    private final int maxSteps;
    private float[] memoryObservations = new float[0];
    private int[] memoryActions = new int[0];
    private double[] memoryTargets = new double[0];
    private double[] memoryWeights = new double[0];
    private long judgements;

    public TamerTraining(Supplier<? extends Env> envFactory, SegmentLabeler labeler, TamerSettings settings, Device device, long seed) {
        this.env = envFactory.get();
        if (!(env.actionSpace() instanceof Space.Discrete discrete)) {
            throw new IllegalArgumentException("TAMER needs a discrete world; " + env.id() + " has continuous actions");
        }
        this.labeler = labeler;
        this.settings = settings;
        this.obsDim = env.observationSpace().flatDim();
        this.actions = discrete.n();
        this.maxSteps = env.maxEpisodeSteps();
        this.learner = new TamerLearner(obsDim, actions, settings.hidden(), device, seed);
        this.advantage = new TrueAdvantage(envFactory, actions, settings.horizon());
        this.resetRng = Rng.derive(seed, RESET_STREAM);
    }

    /** One episode: acts, is judged, learns; answers the episode's true return and length. */
    public Episode episode() {
        env.reset(resetRng);
        float[] observations = new float[maxSteps * obsDim];
        int[] taken = new int[maxSteps];
        double[] scores = new double[maxSteps];
        double trueReturn = 0;
        float[] action = new float[1];
        int steps = 0;
        while (steps < maxSteps) {
            env.observe(observations, steps * obsDim);
            int chosen = learner.greedy(Arrays.copyOfRange(observations, steps * obsDim, (steps + 1) * obsDim), 1)[0];
            scores[steps] = labeler.score(advantage.of(env.state(), learner)[chosen]);
            taken[steps] = chosen;
            action[0] = chosen;
            trueReturn += env.step(action, 0);
            steps++;
            if (env.terminated()) {
                break;
            }
        }
        learn(observations, taken, scores, steps);
        judgements += steps;
        return new Episode(trueReturn, steps);
    }

    /** Judgements given so far. */
    public long judgements() {
        return judgements;
    }

    private void learn(float[] observations, int[] taken, double[] scores, int steps) {
        boolean[] episodeStart = new boolean[steps];
        episodeStart[0] = true;
        int[] arrivals = new int[steps];
        for (int k = 0; k < steps; k++) {
            arrivals[k] = Math.min(k + settings.delay(), steps - 1);
        }
        CreditAssignment.Targets credited = CreditAssignment.targets(steps, episodeStart, arrivals,
                Arrays.copyOf(scores, steps), settings.creditWindow());
        remember(Arrays.copyOf(observations, steps * obsDim), Arrays.copyOf(taken, steps), credited.target(), credited.weight());
        learner.update(memoryObservations, memoryActions, memoryTargets, memoryWeights, settings.epochs(), settings.batchSize(),
                settings.learningRate());
    }

    private void remember(float[] observations, int[] taken, double[] targets, double[] weights) {
        int drop = Math.max(0, memoryActions.length + taken.length - settings.memory());
        float[] allObservations = concat(memoryObservations, observations);
        memoryObservations = Arrays.copyOfRange(allObservations, drop * obsDim, allObservations.length);
        int[] allActions = concat(memoryActions, taken);
        memoryActions = Arrays.copyOfRange(allActions, drop, allActions.length);
        double[] allTargets = concat(memoryTargets, targets);
        memoryTargets = Arrays.copyOfRange(allTargets, drop, allTargets.length);
        double[] allWeights = concat(memoryWeights, weights);
        memoryWeights = Arrays.copyOfRange(allWeights, drop, allWeights.length);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        learner.close();
    }

    /** An episode's true return and its length in steps (each step judged once). */
    public record Episode(double trueReturn, int steps) {}
}
