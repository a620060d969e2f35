package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
import java.util.List;

/**
 * The pluralistic reward ({@code chat.rm.per_group}): one reward-model member per user group, member g trained only on
 * the comparisons ranked by labelers of group g, the score PPO optimises the groups' members combined by the
 * population's shares of the users (not the labeler pool's: a pool that over-represents a group then still yields the
 * population's reward). ChatWorld's prompts carry no group, and adding group tokens would change every model's shape,
 * so a group's reward is conditioned by parameters of its own, not by an input.
 */
public final class GroupRewards {
    private GroupRewards() {}

    /**
     * The reward model's member weights: with {@code chat.rm.per_group}, each group's share of the users, in the groups'
     * order; otherwise null (the members are averaged).
     */
    public static double[] memberWeights(ChatSettings settings) {
        if (!settings.rm().perGroup()) {
            return null;
        }
        List<UserGroup> groups = settings.population().groups();
        double[] out = new double[groups.size()];
        for (int g = 0; g < out.length; g++) {
            out[g] = groups.get(g).share();
        }
        return out;
    }

    /**
     * The index of the group labeler {@code labelerId} belongs to (its {@link LabelerSpec#group}; none named: the first).
     *
     * @throws IllegalArgumentException if {@code chat.labelers} has no such labeler
     */
    public static int groupOf(ChatSettings settings, String labelerId) {
        UserPopulation users = settings.population();
        for (LabelerSpec spec : settings.labelers()) {
            if (spec.id().equals(labelerId)) {
                return spec.group() == null ? 0 : users.names().indexOf(spec.group());
            }
        }
        throw new IllegalArgumentException("no labeler '" + labelerId + "' in chat.labelers");
    }

    /** The comparisons split by the group of the labeler who ranked each, one list per group in the groups' order. */
    public static List<List<Comparison>> byGroup(ChatSettings settings, List<Comparison> comparisons) {
        List<List<Comparison>> out = new ArrayList<>();
        for (int g = 0; g < settings.population().size(); g++) {
            out.add(new ArrayList<>());
        }
        for (Comparison c : comparisons) {
            out.get(groupOf(settings, c.getLabelerId())).add(c);
        }
        return out;
    }
}
