package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A population of labelers, each with its own strategy, its user group ({@link LabelerSpec#group}, the users'
 * population's first group when it names none) and its own {@link Rng}, seeded from the population seed and the
 * labeler's index, so that a population is reproduced exactly by its specs and seed. Labels are
 * assigned to labelers in proportion to their shares, either deterministically per prompt index
 * ({@link #labelerFor}) or by a caller's generator ({@link #sample}).
 */
public final class LabelerPopulation {

    private static final long ASSIGNMENT_STREAM = 0x7A3B1C5D9E2F4A6BL;

    private final List<Labeler> labelers;
    private final double[] cumulative;
    private final long seed;

    /**
     * Labelers of the default users' population ({@link UserPopulation#everyone()}), whose utility is the gold total.
     *
     * @throws IllegalArgumentException if specs is empty, ids repeat, shares sum to 0, a strategy or parameter is
     *     invalid, or a labeler names a group other than {@code everyone}
     */
    public LabelerPopulation(LabelerWorld world, List<LabelerSpec> specs, long seed) {
        this(world, UserPopulation.everyone(), specs, seed);
    }

    /**
     * Labelers drawn from the groups of {@code users}: each perceives its group's utility. The labelers' shares of the
     * labels are their own, apart from the groups' shares of the users, so a pool may represent the users or not.
     *
     * @throws IllegalArgumentException if specs is empty, ids repeat, shares sum to 0, a strategy or parameter is
     *     invalid, or a labeler names a group {@code users} does not have (the message names the labeler and the
     *     known groups)
     */
    public LabelerPopulation(LabelerWorld world, UserPopulation users, List<LabelerSpec> specs, long seed) {
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a labeler population needs at least one labeler");
        }
        Set<String> ids = new HashSet<>();
        List<Labeler> built = new ArrayList<>();
        double[] sums = new double[specs.size()];
        double total = 0.0;
        for (int i = 0; i < specs.size(); i++) {
            LabelerSpec spec = Objects.requireNonNull(specs.get(i), "specs[" + i + "]");
            if (!ids.add(spec.id())) {
                throw new IllegalArgumentException("labeler id '" + spec.id() + "' appears twice");
            }
            LabelerStrategy strategy;
            try {
                strategy = LabelerStrategies.create(spec.strategy(), spec.params());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("labeler '" + spec.id() + "': " + e.getMessage(), e);
            }
            UserGroup group = spec.group() == null ? users.first() : groupOf(users, spec);
            long labelerSeed = Rng.derive(seed, i).nextLong();
            built.add(new Labeler(spec.id(), strategy, world, group, labelerSeed));
            total += spec.share();
            sums[i] = total;
        }
        if (!(total > 0.0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("labeler shares must sum to a positive finite number, got " + total);
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= total;
        }
        this.labelers = List.copyOf(built);
        this.cumulative = sums;
        this.seed = seed;
    }

    private static UserGroup groupOf(UserPopulation users, LabelerSpec spec) {
        if (!users.has(spec.group())) {
            throw new IllegalArgumentException("labeler '" + spec.id() + "' names group '" + spec.group()
                    + "', which the population does not have; known groups: " + users.names());
        }
        return users.group(spec.group());
    }

    public List<Labeler> labelers() {
        return labelers;
    }

    public int size() {
        return labelers.size();
    }

    /** The labeler with {@code id}. @throws IllegalArgumentException if none */
    public Labeler labeler(String id) {
        for (Labeler labeler : labelers) {
            if (labeler.id().equals(id)) {
                return labeler;
            }
        }
        throw new IllegalArgumentException("no labeler '" + id + "' in this population");
    }

    /** The labeler assigned to prompt {@code promptIndex}: fixed by the population seed, in proportion to shares. */
    public Labeler labelerFor(long promptIndex) {
        return pick(Rng.derive(seed ^ ASSIGNMENT_STREAM, promptIndex).nextDouble());
    }

    /** A labeler drawn with {@code rng} in proportion to shares. */
    public Labeler sample(Rng rng) {
        return pick(rng.nextDouble());
    }

    private Labeler pick(double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return labelers.get(i);
            }
        }
        // Rounding can leave the last cumulative share a hair under 1: take the last labeler with a share.
        for (int i = cumulative.length - 1; i > 0; i--) {
            if (cumulative[i] > cumulative[i - 1]) {
                return labelers.get(i);
            }
        }
        return labelers.get(0);
    }
}
