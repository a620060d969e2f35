package dev.alignsim.actors.rlhf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes chosen role actors fail on chosen messages, to prove that the RLHF stage recovers from any role's failure
 * without changing its results. Counts every role's messages, so a test can pick a message that will come. Off
 * unless configured ({@code none()} in production).
 */
public final class FaultInjection {
    private final Map<String, Integer> failAt;
    private final boolean crash;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    private FaultInjection(Map<String, Integer> failAt, boolean crash) {
        this.failAt = Map.copyOf(failAt);
        this.crash = crash;
    }

    public static FaultInjection none() {
        return new FaultInjection(Map.of(), true);
    }

    /**
     * Crash role {@code role} (its {@link RoleNames} name, e.g. "critic" or "labeler:&lt;id&gt;") once, on its
     * {@code n}-th message (from 1): the actor answers with an error and throws.
     */
    public static FaultInjection crash(Map<String, Integer> roleToMessage) {
        return new FaultInjection(roleToMessage, true);
    }

    /** Make role {@code role} answer its {@code n}-th message with an error, once; the actor lives on. */
    public static FaultInjection fail(Map<String, Integer> roleToMessage) {
        return new FaultInjection(roleToMessage, false);
    }

    /** Called by a role on each message; throws once when the configured message arrives. */
    void onMessage(String role) {
        int n = seen.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
        Integer at = failAt.get(role);
        if (at != null && n == at) {
            String message = "injected fault in " + role + " on message " + at;
            throw crash ? new InjectedFault(message) : new IllegalStateException(message);
        }
    }

    /** How many messages {@code role} has received. */
    public int messagesSeen(String role) {
        AtomicInteger n = seen.get(role);
        return n == null ? 0 : n.get();
    }

    static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
