package dev.alignsim.env;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The registry of environments by Gymnasium id, like {@code gymnasium.make} for the tasks ported here. */
public final class Envs {

    /** Sorted so that {@link #ids()} and error messages list the ids in a stable order. */
    private static final Map<String, Supplier<Env>> FACTORIES;

    static {
        Map<String, Supplier<Env>> factories = new TreeMap<>();
        factories.put(CartPole.ID, CartPole::new);
        factories.put(Acrobot.ID, Acrobot::new);
        factories.put(Pendulum.ID, Pendulum::new);
        FACTORIES = Collections.unmodifiableMap(factories);
    }

    private Envs() {
    }

    /**
     * A new, not yet reset environment.
     *
     * @throws IllegalArgumentException for an unknown id; the message lists the known ones
     */
    public static Env create(String id) {
        return factory(id).get();
    }

    /**
     * A factory of new environments for {@code id}, checked now so that a bad id fails where it is given.
     *
     * @throws IllegalArgumentException for an unknown id; the message lists the known ones
     */
    public static Supplier<Env> factory(String id) {
        Supplier<Env> factory = id == null ? null : FACTORIES.get(id);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown environment id '" + id + "'; known ids: " + FACTORIES.keySet());
        }
        return factory;
    }

    /** The known ids, sorted; unmodifiable. */
    public static Set<String> ids() {
        return FACTORIES.keySet();
    }
}
