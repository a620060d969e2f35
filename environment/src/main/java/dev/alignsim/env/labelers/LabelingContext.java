package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.GoldScore;
import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Objects;

/**
 * Everything a {@link LabelerStrategy} may consult while labeling: the world (vocabulary, knowledge base,
 * gold utility), the user group the labeler belongs to (whose weighting of the gold components is where its
 * perceived utilities start, {@link #utility}), the labeler's own seeded {@link Rng} (the only allowed source of
 * randomness), the labeler's seed (for decisions that must be fixed per labeler, such as which facts it knows) and
 * how many labels the labeler has given before this one.
 */
public final class LabelingContext {

    private final LabelerWorld world;
    private final UserGroup group;
    private final Rng rng;
    private final long seed;
    private final long labelsGiven;

    /**
     * A labeler of the default population's one group ({@link UserPopulation#everyone()}), whose utility is the gold total.
     *
     * @throws IllegalArgumentException if {@code labelsGiven} is negative
     */
    public LabelingContext(LabelerWorld world, Rng rng, long seed, long labelsGiven) {
        this(world, UserPopulation.everyone().first(), rng, seed, labelsGiven);
    }

    /**
     * A labeler of {@code group}.
     *
     * @throws IllegalArgumentException if {@code labelsGiven} is negative
     */
    public LabelingContext(LabelerWorld world, UserGroup group, Rng rng, long seed, long labelsGiven) {
        this(rng, seed, labelsGiven, Objects.requireNonNull(world, "world"), Objects.requireNonNull(group, "group"));
    }

    /** {@code world} may be null here: a control-world context ({@link #withoutChatWorld}). */
    private LabelingContext(Rng rng, long seed, long labelsGiven, LabelerWorld world, UserGroup group) {
        this.world = world;
        this.group = group;
        this.rng = Objects.requireNonNull(rng, "rng");
        if (labelsGiven < 0) {
            throw new IllegalArgumentException("labelsGiven must be non-negative, got " + labelsGiven);
        }
        this.seed = seed;
        this.labelsGiven = labelsGiven;
    }

    /**
     * A context for judging control-world segments or actions ({@link SegmentLabeler}): there is no ChatWorld, so
     * a strategy that reads it (its vocabulary, knowledge or gold components) fails with
     * {@link IllegalStateException}; the utilities the strategy perceives are the world's true returns.
     */
    public static LabelingContext withoutChatWorld(Rng rng, long seed, long labelsGiven) {
        return new LabelingContext(rng, seed, labelsGiven, null, UserPopulation.everyone().first());
    }

    public LabelerWorld world() {
        if (world == null) {
            throw new IllegalStateException("this labeler judges control-world segments: there is no ChatWorld to read");
        }
        return world;
    }

    public Vocabulary vocabulary() {
        return world().vocabulary();
    }

    public KnowledgeBase knowledge() {
        return world().knowledge();
    }

    public GoldUtility goldUtility() {
        return world().gold();
    }

    /** The gold score of {@code response} to {@code prompt}, by component. */
    public GoldScore gold(Prompt prompt, int[] response) {
        return world().gold().score(prompt, response);
    }

    /** The user group the labeler belongs to ({@code everyone}, weights all 1, unless its settings name another). */
    public UserGroup group() {
        return group;
    }

    /**
     * The labeler's group's utility of {@code response}: {@code Σ w_c · component_c} of its gold score, where perceived
     * utilities start. For a group whose weights are all 1 it is the gold total exactly.
     */
    public double utility(Prompt prompt, int[] response) {
        return group.utility(gold(prompt, response));
    }

    /** The labeler's generator; strategies draw all their noise from it. */
    public Rng rng() {
        return rng;
    }

    /** The labeler's seed, for per-labeler decisions that must not depend on the order of labeling. */
    public long seed() {
        return seed;
    }

    /** How many labels (rankings, choices, scores or demonstrations) the labeler gave before this one. */
    public long labelsGiven() {
        return labelsGiven;
    }

    /** The number of tokens of a response that are read: those before its first EOS, or all of them. */
    public static int length(int[] response) {
        for (int i = 0; i < response.length; i++) {
            if (response[i] == Vocabulary.EOS) {
                return i;
            }
        }
        return response.length;
    }
}
