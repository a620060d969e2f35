package dev.alignsim.env;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code env} setting: the world a run trains in. The control worlds are Gymnasium ports trained by PPO
 * (created by {@link Envs}); ChatWorld (package {@code chat}) is trained by the stages of a pipeline.
 */
public enum EnvId {
    CART_POLE(CartPole.ID),
    ACROBOT(Acrobot.ID),
    PENDULUM(Pendulum.ID),
    CHAT_WORLD("ChatWorld");

    private final String id;

    EnvId(String id) {
        this.id = id;
    }

    /** The id as settings and Gymnasium write it, e.g. CartPole-v1. */
    public String id() {
        return id;
    }

    /** Whether this is a Gymnasium control world, trained by PPO, rather than ChatWorld. */
    public boolean isControlWorld() {
        return this != CHAT_WORLD;
    }

    /**
     * The world an id names; ids are case-sensitive, as in Gymnasium.
     *
     * @throws IllegalArgumentException for any other id; the message lists the valid ones
     */
    public static EnvId of(String id) {
        for (EnvId env : values()) {
            if (env.id.equals(id)) {
                return env;
            }
        }
        throw new IllegalArgumentException("unknown environment id '" + id + "'; expected one of " + validIds());
    }

    /** The control worlds, in declaration order. */
    public static List<EnvId> controlWorlds() {
        return Arrays.stream(values()).filter(EnvId::isControlWorld).toList();
    }

    /** The valid ids, comma-separated, in declaration order. */
    public static String validIds() {
        return Arrays.stream(values()).map(EnvId::id).collect(Collectors.joining(", "));
    }

    /** The id, so that messages and run directory names read as settings write it. */
    @Override
    public String toString() {
        return id;
    }
}
