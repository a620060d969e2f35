package dev.alignsim.app.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One experiment of a sweep: a point of settings and a seed.
 *
 * @param name its deterministic name (the settings and the seed), also its run directory's and its entity's id
 * @param settings the point's overrides, keys without {@code alignsim.}, values as HOCON
 * @param seed the seed
 */
public record Experiment(String name, Map<String, String> settings, long seed) {
    private static final int MAX_NAME = 100;

    public Experiment {
        settings = new TreeMap<>(settings);
    }

    /** The overrides of {@code alignsim run --set}: the point's settings, then the seed. */
    public List<String> overrides() {
        List<String> overrides = new ArrayList<>();
        settings.forEach((key, value) -> overrides.add(key + "=" + value));
        overrides.add("seed=" + seed);
        return overrides;
    }

    /** The point's settings as {@code key=value, ...}: the same for every seed of the point. */
    public String label() {
        List<String> parts = new ArrayList<>();
        settings.forEach((key, value) -> parts.add(key + "=" + value));
        return parts.isEmpty() ? "(base)" : String.join(", ", parts);
    }

    /**
     * {@code chat.ppo.kl_coef=0.01-seed1}: readable, a valid file name, the same on every machine for the same
     * settings; long ones end with a hash of the settings so that two points never share a name.
     */
    static String nameOf(Map<String, String> settings, long seed) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(settings).forEach((key, value) -> parts.add(key + "=" + value.replace("\"", "")));
        String label = String.join("_", parts).replaceAll("[^A-Za-z0-9._=+-]", "_");
        if (label.length() > MAX_NAME) {
            label = label.substring(0, MAX_NAME) + "-" + hash(String.join("\n", parts));
        }
        return (label.isEmpty() ? "" : label + "-") + "seed" + seed;
    }

    static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
