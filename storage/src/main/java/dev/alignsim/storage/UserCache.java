package dev.alignsim.storage;

import java.nio.file.Path;

/**
 * The per-user cache of AlignSim: native libraries unpacked once, and the log files of commands that failed outside
 * a run directory. {@code -Dalignsim.cache=DIR} wins, then {@code $XDG_CACHE_HOME/alignsim}, then
 * {@code ~/.cache/alignsim}.
 */
public final class UserCache {
    /** The system property that names the cache directory. */
    public static final String PROPERTY = "alignsim.cache";

    private UserCache() {}

    /** The cache directory; it may not exist yet. */
    public static Path directory() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "alignsim");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "alignsim");
    }
}
