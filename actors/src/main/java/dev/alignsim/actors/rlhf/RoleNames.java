package dev.alignsim.actors.rlhf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The names of the RLHF roles, as fault injection and the logs know them, and their actors' names. */
public final class RoleNames {
    public static final String POLICY = "policy";
    public static final String REFERENCE = "reference";
    public static final String CRITIC = "critic";
    public static final String REWARD_MODEL = "reward-model";
    public static final String PROMPTS = "prompts";

    private RoleNames() {}

    public static String labeler(String labelerId) {
        return "labeler:" + labelerId;
    }

    /** An actor name for a role in its {@code generation}-th incarnation (actor names allow a restricted alphabet). */
    static String actorName(String role, int generation) {
        String safe = URLEncoder.encode(role, StandardCharsets.UTF_8).replace("%", "_").replace("+", "_");
        return generation == 0 ? safe : safe + "-r" + generation;
    }
}
