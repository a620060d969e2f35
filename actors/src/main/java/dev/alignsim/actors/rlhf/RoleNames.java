package dev.alignsim.actors.rlhf;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The names of the RLHF roles, as fault injection and the logs know them, and their actors' names. */
public final class RoleNames {
    public static final String POLICY = "policy";
    public static final String REFERENCE = "reference";
    public static final String CRITIC = "critic";
    public static final String REWARD_MODEL = "reward-model";
    public static final String PROMPTS = "prompts";
    public static final String RULE_REWARD = "rule-reward";
    private static final char GENERATION = '~';

    private RoleNames() {}

    public static String labeler(String labelerId) {
        return "labeler:" + labelerId;
    }

    /**
     * The actor name of a role in its {@code generation}-th incarnation: the role percent-encoded (actor names allow a
     * restricted alphabet, and labeler ids are user text), then {@code ~generation}, a character the encoding never
     * leaves, after a recovery.
     */
    static String actorName(String role, int generation) {
        String encoded = URLEncoder.encode(role, StandardCharsets.UTF_8);
        return generation == 0 ? encoded : encoded + GENERATION + generation;
    }

    /** The role an actor name belongs to. */
    static String roleOf(String actorName) {
        int generation = actorName.indexOf(GENERATION);
        return URLDecoder.decode(generation < 0 ? actorName : actorName.substring(0, generation), StandardCharsets.UTF_8);
    }
}
