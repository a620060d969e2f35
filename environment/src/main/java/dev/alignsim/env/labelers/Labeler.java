package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import java.util.Objects;

/**
 * One simulated human labeler: an id, a strategy, the user group it belongs to (where its perceived utilities start),
 * its own {@link Rng} (from its seed) and a count of the
 * labels it has given, which each call to {@link #rank}, {@link #choose}, {@link #score} or {@link #demonstrate}
 * increases by one.
 * Not thread-safe.
 */
public final class Labeler {

    private final String id;
    private final LabelerStrategy strategy;
    private final LabelerWorld world;
    private final UserGroup group;
    private final long seed;
    private final Rng rng;
    private long labelsGiven;

    /** A labeler of the default population's one group, whose utility is the gold total. */
    public Labeler(String id, LabelerStrategy strategy, LabelerWorld world, long seed) {
        this(id, strategy, world, UserPopulation.everyone().first(), seed);
    }

    /** A labeler of {@code group}: it perceives the group's utility, then its strategy's biases and noise. */
    public Labeler(String id, LabelerStrategy strategy, LabelerWorld world, UserGroup group, long seed) {
        this.id = Objects.requireNonNull(id, "id");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.world = Objects.requireNonNull(world, "world");
        this.group = Objects.requireNonNull(group, "group");
        this.seed = seed;
        this.rng = new Rng(seed);
    }

    public String id() {
        return id;
    }

    public LabelerStrategy strategy() {
        return strategy;
    }

    public long seed() {
        return seed;
    }

    /** The user group the labeler belongs to. */
    public UserGroup group() {
        return group;
    }

    public long labelsGiven() {
        return labelsGiven;
    }

    /** A ranking of the responses, best first. */
    public int[] rank(Prompt prompt, int[][] responses) {
        int[] ranking = strategy.rank(prompt, responses, context());
        labelsGiven++;
        return ranking;
    }

    /** 0 when {@code first} is preferred, 1 when {@code second} is. */
    public int choose(Prompt prompt, int[] first, int[] second) {
        int choice = strategy.choose(prompt, first, second, context());
        labelsGiven++;
        return choice;
    }

    /** A scalar score of one response. */
    public double score(Prompt prompt, int[] response) {
        double score = strategy.score(prompt, response, context());
        labelsGiven++;
        return score;
    }

    /** A written response to {@code prompt} (for SFT), ending with EOS; see {@link LabelerStrategy#demonstrate}. */
    public int[] demonstrate(Prompt prompt) {
        int[] demonstration = strategy.demonstrate(prompt, context());
        labelsGiven++;
        return demonstration;
    }

    /** The generator's state, for checkpoints. */
    public long[] rngState() {
        return rng.state();
    }

    /**
     * Continues from a checkpoint: the generator's state and the labels given so far (fatigue depends on them).
     *
     * @throws IllegalArgumentException if {@code labelsGiven} is negative
     */
    public void restore(long[] rngState, long labelsGiven) {
        if (labelsGiven < 0) {
            throw new IllegalArgumentException("labelsGiven must be non-negative, got " + labelsGiven);
        }
        rng.setState(rngState);
        this.labelsGiven = labelsGiven;
    }

    private LabelingContext context() {
        return new LabelingContext(world, group, rng, seed, labelsGiven);
    }

    @Override
    public String toString() {
        return "Labeler[" + id + ", labelsGiven=" + labelsGiven + "]";
    }
}
