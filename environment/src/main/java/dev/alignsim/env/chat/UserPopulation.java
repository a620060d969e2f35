package dev.alignsim.env.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The people a ChatWorld policy serves: groups whose tastes differ ({@link UserGroup}: a share and a weighting of the
 * gold components). A group's utility of a response is {@code Σ w_c · component_c} of its {@link GoldScore}; the
 * <i>population gold</i> is the share-weighted mean of the groups' utilities, {@code Σ_g share_g · u_g / Σ_g share_g}.
 *
 * <p>The default population ({@link #everyone()}) is one group, {@code everyone}, of share 1 with every weight 1: its
 * population gold is the gold total exactly, bit for bit.
 */
public final class UserPopulation {
    /** The default population's one group. */
    public static final String EVERYONE = "everyone";

    private static final UserPopulation DEFAULT = new UserPopulation(List.of(new UserGroup(EVERYONE, 1.0, ComponentWeights.ones())));

    private final List<UserGroup> groups;
    private final double totalShare;

    /**
     * @throws IllegalArgumentException if there is no group, names repeat, or the shares sum to more than a double holds
     */
    public UserPopulation(List<UserGroup> groups) {
        Objects.requireNonNull(groups, "groups");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a population needs at least one group");
        }
        Set<String> names = new HashSet<>();
        double total = 0.0;
        for (int i = 0; i < groups.size(); i++) {
            UserGroup g = Objects.requireNonNull(groups.get(i), "groups[" + i + "]");
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("group name '" + g.name() + "' appears twice");
            }
            total += g.share();
        }
        if (Double.isInfinite(total)) {
            throw new IllegalArgumentException("group shares must sum to a finite number, got " + total);
        }
        this.groups = List.copyOf(groups);
        this.totalShare = total;
    }

    /** One group, {@code everyone}, share 1, every weight 1: population gold is the gold total. */
    public static UserPopulation everyone() {
        return DEFAULT;
    }

    public List<UserGroup> groups() {
        return groups;
    }

    public int size() {
        return groups.size();
    }

    /** The groups' names in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>(groups.size());
        for (UserGroup g : groups) {
            out.add(g.name());
        }
        return out;
    }

    /** The first group: a labeler that names none belongs to it. */
    public UserGroup first() {
        return groups.get(0);
    }

    /** The group named {@code name}. @throws IllegalArgumentException naming the known groups if there is none */
    public UserGroup group(String name) {
        for (UserGroup g : groups) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no group '" + name + "' in the population; known groups: " + names());
    }

    /** Whether {@code name} names a group. */
    public boolean has(String name) {
        return groups.stream().anyMatch(g -> g.name().equals(name));
    }

    /** Each group's utility of a response, in the groups' order. */
    public double[] utilities(GoldScore g) {
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).utility(g);
        }
        return out;
    }

    /**
     * The population gold of a response: the share-weighted mean of the groups' utilities. For {@link #everyone()},
     * {@code (1 · total) / 1}: the gold total exactly.
     */
    public double gold(GoldScore g) {
        // Started from the first group's term, not from 0, so that even a total of -0.0 comes back unchanged.
        double sum = groups.get(0).share() * groups.get(0).utility(g);
        for (int i = 1; i < groups.size(); i++) {
            sum += groups.get(i).share() * groups.get(i).utility(g);
        }
        return sum / totalShare;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserPopulation p && p.groups.equals(groups);
    }

    @Override
    public int hashCode() {
        return groups.hashCode();
    }

    @Override
    public String toString() {
        return "UserPopulation" + groups;
    }
}
