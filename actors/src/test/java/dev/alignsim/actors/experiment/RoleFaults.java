package dev.alignsim.actors.experiment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Counts every role's messages over all its incarnations, and makes one role crash (throw) or stall (drop the
 * message, so that it never answers) on its n-th message, counted from 1.
 */
final class RoleFaults implements RoleWrapper {
    private enum Fault { NONE, CRASH, STALL }

    private final Fault fault;
    private final String role;
    private final int message;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    private RoleFaults(Fault fault, String role, int message) {
        this.fault = fault;
        this.role = role;
        this.message = message;
    }

    /** Only counts. */
    static RoleFaults none() {
        return new RoleFaults(Fault.NONE, "", 0);
    }

    static RoleFaults crash(String role, int message) {
        return new RoleFaults(Fault.CRASH, role, message);
    }

    static RoleFaults stall(String role, int message) {
        return new RoleFaults(Fault.STALL, role, message);
    }

    int messagesSeen(String name) {
        AtomicInteger n = seen.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public <T> Behavior<T> wrap(String name, Behavior<T> behavior) {
        return Behaviors.intercept(() -> new Interceptor<>(name), behavior);
    }

    private final class Interceptor<T> extends BehaviorInterceptor<T, T> {
        private final String name;

        @SuppressWarnings("unchecked")
        Interceptor(String name) {
            super((Class<T>) (Class<?>) Object.class);
            this.name = name;
        }

        @Override
        public Behavior<T> aroundReceive(TypedActorContext<T> context, T msg, ReceiveTarget<T> target) {
            int n = seen.computeIfAbsent(name, r -> new AtomicInteger()).incrementAndGet();
            if (fault == Fault.NONE || !name.equals(role) || n != message) {
                return target.apply(context, msg);
            }
            if (fault == Fault.CRASH) {
                throw new IllegalStateException("injected crash in " + name + " on message " + n);
            }
            return Behaviors.same();
        }
    }
}
