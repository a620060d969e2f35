package dev.alignsim.actors.rlhf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crashes chosen role actors on chosen messages, to prove that a crashed Labeler, RewardModel or Critic is
 * restarted from the last checkpoint and the run goes on. Off unless configured ({@code none()} in production).
 */
public final class FaultInjection {
    private final Map<String, Integer> crashAt;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    private FaultInjection(Map<String, Integer> crashAt) {
        this.crashAt = Map.copyOf(crashAt);
    }

    public static FaultInjection none() {
        return new FaultInjection(Map.of());
    }

    /** Crash role {@code role} ("critic", "reward-model", "labeler:<id>") once, on its {@code n}-th message (from 1). */
    public static FaultInjection crash(Map<String, Integer> roleToMessage) {
        return new FaultInjection(roleToMessage);
    }

    /** Called by a role on each message; throws once when the configured message arrives. */
    void onMessage(String role) {
        Integer at = crashAt.get(role);
        if (at != null && seen.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet() == at) {
            throw new InjectedFault("injected fault in " + role + " on message " + at);
        }
    }

    /** How many messages {@code role} has received while watched. */
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
