package dev.alignsim.policy.preference;

import dev.alignsim.env.Rng;
import dev.alignsim.policy.ppo.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts segments from a rollout and pairs them for labelers. A segment is up to {@code length} consecutive steps of one
 * environment within one episode: it ends early at a termination (so a segment that fails is shorter and earns less
 * true reward), and a start whose segment would run over a time-limit cut is drawn again, since there the next
 * episode's steps would follow. Pairs are drawn at random, or the most disputed of several times as many random pairs
 * are kept, the dispute being the variance over ensemble members of the probability that the first is preferred.
 */
public final class SegmentSampler {
    private static final int TRIES_PER_SEGMENT = 20;

    private final Rollout rollout;
    private final int length;
    private final long iteration;

    /** A segment and the rollout rows it covers. */
    private record Cut(Segment segment, int[] rows) {}

    /** A pair of segments and the rollout rows they cover, for scoring by the reward model. */
    public record Candidate(Segment first, Segment second, int[] firstRows, int[] secondRows) {}

    /**
     * @param rollout holds the world's true rewards
     * @throws IllegalArgumentException if the rollout is shorter than a segment
     */
    public SegmentSampler(Rollout rollout, int length, long iteration) {
        if (length < 1 || length > rollout.steps()) {
            throw new IllegalArgumentException("feedback.segment_length must be in [1, num_steps = " + rollout.steps() + "], got "
                    + length);
        }
        this.rollout = rollout;
        this.length = length;
        this.iteration = iteration;
    }

    /** {@code count} pairs of random segments. */
    public List<Candidate> randomPairs(int count, Rng rng) {
        List<Candidate> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Cut a = cut(rng);
            Cut b = cut(rng);
            pairs.add(new Candidate(a.segment(), b.segment(), a.rows(), b.rows()));
        }
        return pairs;
    }

    /**
     * The {@code count} most disputed of {@code count * oversample} random pairs, in the order they were drawn.
     *
     * @param memberRewards every ensemble member's reward of every rollout row, [member][row]
     */
    public List<Candidate> byDisagreement(int count, int oversample, double[][] memberRewards, Rng rng) {
        List<Candidate> candidates = randomPairs(count * oversample, rng);
        double[] dispute = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            dispute[i] = disagreement(candidates.get(i), memberRewards);
        }
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -dispute[i]).thenComparingInt(i -> i));
        int[] kept = new int[Math.min(count, order.length)];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        List<Candidate> chosen = new ArrayList<>(kept.length);
        for (int i : kept) {
            chosen.add(candidates.get(i));
        }
        return chosen;
    }

    /** The variance over members of each member's probability that the first segment is preferred. */
    static double disagreement(Candidate pair, double[][] memberRewards) {
        int members = memberRewards.length;
        double[] p = new double[members];
        double mean = 0;
        for (int m = 0; m < members; m++) {
            p[m] = SegmentBradleyTerry.probabilityFirst(sum(memberRewards[m], pair.firstRows()), sum(memberRewards[m], pair.secondRows()));
            mean += p[m];
        }
        mean /= members;
        double variance = 0;
        for (double v : p) {
            variance += (v - mean) * (v - mean);
        }
        return variance / members;
    }

    private static double sum(double[] rewards, int[] rows) {
        double s = 0;
        for (int r : rows) {
            s += rewards[r];
        }
        return s;
    }

    private Cut cut(Rng rng) {
        int envs = rollout.envs();
        Cut last = null;
        for (int attempt = 0; attempt < TRIES_PER_SEGMENT; attempt++) {
            int env = rng.nextInt(envs);
            int start = rng.nextInt(rollout.steps() - length + 1);
            last = cutAt(env, start);
            if (last != null) {
                return last;
            }
        }
        // Every draw ran over a time-limit cut (episodes that all end together): take the steps up to the cut.
        return cutAt(rng.nextInt(envs), 0, true);
    }

    private Cut cutAt(int env, int start) {
        return cutAt(env, start, false);
    }

    /** The segment from {@code start}; null when it would run over a time-limit cut and {@code stopAtCut} is false. */
    private Cut cutAt(int env, int start, boolean stopAtCut) {
        int envs = rollout.envs();
        int obsDim = rollout.obsDim();
        int actionDim = rollout.actionDim();
        int steps = 0;
        for (int t = start; t < start + length; t++) {
            int row = t * envs + env;
            steps++;
            if (rollout.terminated()[row]) {
                break;
            }
            if (rollout.truncated()[row] && t < start + length - 1) {
                if (!stopAtCut) {
                    return null;
                }
                break;
            }
        }
        int[] rows = new int[steps];
        float[] obs = new float[steps * obsDim];
        float[] actions = new float[steps * actionDim];
        double trueReturn = 0;
        for (int k = 0; k < steps; k++) {
            int row = (start + k) * envs + env;
            rows[k] = row;
            System.arraycopy(rollout.observations(), row * obsDim, obs, k * obsDim, obsDim);
            System.arraycopy(rollout.actions(), row * actionDim, actions, k * actionDim, actionDim);
            trueReturn += rollout.rewards()[row];
        }
        return new Cut(new Segment(steps, obsDim, actionDim, obs, actions, trueReturn, iteration), rows);
    }
}
