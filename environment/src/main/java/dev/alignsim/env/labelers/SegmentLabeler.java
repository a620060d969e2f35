package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import java.util.Objects;

/**
 * One simulated person judging a control world (preference-based RL, TAMER) through the same {@link LabelerStrategy}
 * as ChatWorld's labelers: the utilities the strategy perceives are the world's true returns of the segments (or the
 * true advantage of an action), as ChatWorld's are gold totals. There is no prompt and no response text, so only
 * strategies that act on the utilities alone apply (boltzmann, flip, inattention, fatigue, position_bias); one that
 * reads ChatWorld (persona, length_bias, partial_knowledge, compliant, cautious) is refused when the labeler is
 * made.
 * Not thread-safe.
 */
public final class SegmentLabeler {

    private static final int[][] TWO_UNREAD = {new int[0], new int[0]};
    private static final int[][] ONE_UNREAD = {new int[0]};

    private final String id;
    private final String strategyName;
    private final LabelerStrategy strategy;
    private final long seed;
    private final Rng rng;
    private long labelsGiven;

    /**
     * @throws IllegalArgumentException if the strategy is unknown, a parameter is invalid, the strategy reads
     *     ChatWorld, or the spec names a user group
     */
    public SegmentLabeler(LabelerSpec spec, long seed) {
        if (spec.group() != null) {
            throw new IllegalArgumentException("labeler '" + spec.id() + "' names user group '" + spec.group()
                    + "': user groups weigh ChatWorld's gold components, a control world's labelers judge true returns");
        }
        this.id = spec.id();
        this.strategyName = spec.strategy();
        this.strategy = LabelerStrategies.create(spec.strategy(), spec.params());
        this.seed = seed;
        this.rng = new Rng(seed);
        requireUtilitiesOnly(spec, strategy, seed);
    }

    private static void requireUtilitiesOnly(LabelerSpec spec, LabelerStrategy strategy, long seed) {
        try {
            strategy.perceive(null, TWO_UNREAD, new double[] {1.0, 0.0}, LabelingContext.withoutChatWorld(new Rng(seed), seed, 0));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("labeler '" + spec.id() + "': strategy '" + spec.strategy()
                    + "' reads ChatWorld responses; a control world's labelers judge true returns only (boltzmann, flip, "
                    + "inattention, fatigue, position_bias)", e);
        }
    }

    public String id() {
        return id;
    }

    /** The strategy's name or chain, stored with every comparison. */
    public String strategyName() {
        return strategyName;
    }

    public long labelsGiven() {
        return labelsGiven;
    }

    /** 0 when the first segment is preferred, 1 when the second is: the strategy's perception of their true returns. */
    public int choose(double firstReturn, double secondReturn) {
        double[] utilities = {firstReturn, secondReturn};
        strategy.perceive(null, TWO_UNREAD, utilities, context());
        labelsGiven++;
        return LabelerStrategy.rankByUtility(utilities, rng)[0];
    }

    /** A TAMER-style scalar judgement of an action whose true worth is {@code trueValue}, as the strategy perceives it. */
    public double score(double trueValue) {
        double[] utilities = {trueValue};
        strategy.perceive(null, ONE_UNREAD, utilities, context());
        labelsGiven++;
        return utilities[0];
    }

    /** The generator's state, for checkpoints. */
    public long[] rngState() {
        return rng.state();
    }

    /** Continues from a checkpoint: the generator and the labels given so far (fatigue depends on them). */
    public void restore(long[] rngState, long labels) {
        if (labels < 0) {
            throw new IllegalArgumentException("labelsGiven must be non-negative, got " + labels);
        }
        rng.setState(Objects.requireNonNull(rngState, "rngState"));
        this.labelsGiven = labels;
    }

    private LabelingContext context() {
        return LabelingContext.withoutChatWorld(rng, seed, labelsGiven);
    }
}
