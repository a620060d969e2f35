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
    private final boolean crash;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    private FaultInjection(Map<String, Integer> crashAt, boolean crash) {
        this.crashAt = Map.copyOf(crashAt);
        this.crash = crash;
    }

    public static FaultInjection none() {
        return new FaultInjection(Map.of(), true);
    }

    /**
     * Crash role {@code role} ("critic", "reward-model", "labeler:&lt;id&gt;", "policy") once, on its {@code n}-th message
     * (from 1): the actor throws, and its supervisor restarts it (or stops it, for a role that is not restarted).
     */
    public static FaultInjection crash(Map<String, Integer> roleToMessage) {
        return new FaultInjection(roleToMessage, true);
    }

    /** Make role {@code role} answer its {@code n}-th message with an error: the run fails there, as after a kill. */
    public static FaultInjection fail(Map<String, Integer> roleToMessage) {
        return new FaultInjection(roleToMessage, false);
    }

    /** Called by a role on each message; throws once when the configured message arrives. */
    void onMessage(String role) {
        Integer at = crashAt.get(role);
        if (at != null && seen.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet() == at) {
            String message = "injected fault in " + role + " on message " + at;
            throw crash ? new InjectedFault(message) : new IllegalStateException(message);
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
