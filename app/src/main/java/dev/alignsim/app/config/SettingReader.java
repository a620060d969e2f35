package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Reads settings one key at a time, checking type and range, so that every refusal reads the same way: the key by
 * its full path, the value as given, where it was given (a file and line, {@code --set}, or the run's stored
 * configuration) and what was expected, e.g. {@code alignsim.chat.ppo.temperature = 0 (from --set): expected a
 * positive finite number}. Keys are given relative to {@code alignsim}.
 */
final class SettingReader {
    /** Where an override given on the command line comes from, as its values' origin says. */
    static final String FROM_SET = "--set";
    /** Where a run's stored configuration comes from, as its values' origin says. */
    static final String FROM_STORE = "the run's stored configuration";
    /** How a value left at its default is described. */
    private static final String DEFAULT = " (the default)";

    private final Config config;

    SettingReader(Config config) {
        this.config = config;
    }

    Config config() {
        return config;
    }

    /** A whole number in {@code [min, Integer.MAX_VALUE]}; 4.5 is refused, not truncated. */
    int count(String key, int min) {
        return (int) whole(key, min, Integer.MAX_VALUE);
    }

    /** A whole number in {@code [min, max]}. */
    long whole(String key, long min, long max) {
        String expected = min == Long.MIN_VALUE ? "a whole number"
                : "a whole number " + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]");
        Number n = number(key, expected);
        double d = n.doubleValue();
        boolean whole = n instanceof Long || n instanceof Integer || d == Math.rint(d);
        if (!whole || d < min || d > max || (n instanceof Long l && (l < min || l > max))) {
            throw refusal(key, expected);
        }
        return n.longValue();
    }

    /** A number above 0, finite. */
    double positive(String key) {
        return real(key, x -> x > 0, "a positive finite number");
    }

    /** A number at or above 0, finite. */
    double nonNegative(String key) {
        return real(key, x -> x >= 0, "a finite number >= 0");
    }

    /** A number in [0, 1]. */
    double unitInterval(String key) {
        return real(key, x -> x >= 0 && x <= 1, "a number in [0, 1]");
    }

    /** A number strictly between 0 and 1. */
    double openUnitInterval(String key) {
        return real(key, x -> x > 0 && x < 1, "a number in (0, 1)");
    }

    /** A finite number that {@code accepts}, which {@code expected} describes. */
    double real(String key, DoublePredicate accepts, String expected) {
        double d = number(key, expected).doubleValue();
        if (!Double.isFinite(d)) {
            throw refusal(key, expected + " (a number this large is beyond what a double holds)");
        }
        if (!accepts.test(d)) {
            throw refusal(key, expected);
        }
        return d;
    }

    boolean flag(String key) {
        try {
            return config.getBoolean(SettingsLoader.key(key));
        } catch (ConfigException.WrongType e) {
            throw refusal(key, "true or false");
        }
    }

    String text(String key) {
        try {
            return config.getString(SettingsLoader.key(key));
        } catch (ConfigException.WrongType e) {
            throw refusal(key, "a string");
        }
    }

    /** A duration above zero, written as HOCON durations are: 120s, 1500ms, 2m. */
    Duration positiveDuration(String key) {
        String expected = "a positive duration such as 120s or 1500ms";
        Duration d;
        try {
            d = config.getDuration(SettingsLoader.key(key));
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw refusal(key, expected);
        }
        if (d.isNegative() || d.isZero()) {
            throw refusal(key, expected);
        }
        return d;
    }

    /** A non-empty list of whole numbers, each in {@code [min, Integer.MAX_VALUE]}. */
    List<Integer> counts(String key, int min) {
        String expected = "a non-empty list of whole numbers >= " + min + ", e.g. [64, 64]";
        List<Integer> out = new ArrayList<>();
        try {
            for (Number n : config.getNumberList(SettingsLoader.key(key))) {
                double d = n.doubleValue();
                if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
                    throw refusal(key, expected);
                }
                out.add(n.intValue());
            }
        } catch (ConfigException.WrongType e) {
            throw refusal(key, expected);
        }
        if (out.isEmpty()) {
            throw refusal(key, expected);
        }
        return out;
    }

    private Number number(String key, String expected) {
        try {
            return config.getNumber(SettingsLoader.key(key));
        } catch (ConfigException.WrongType | ConfigException.Null e) {
            throw refusal(key, expected);
        }
    }

    /** The refusal of {@code key}'s value: its full path, the value as given, where from, and {@code expected}. */
    InvalidSettingsException refusal(String key, String expected) {
        return new InvalidSettingsException(given(config, SettingsLoader.key(key)) + ": expected " + expected);
    }

    /** {@code alignsim.x.y = value (from --set)}: a path and its value as the user wrote it. */
    static String given(Config config, String path) {
        if (!config.hasPathOrNull(path)) {
            return path + " (missing)";
        }
        if (config.getIsNull(path)) {
            return path + " = null" + where(config.getValue(path).origin());
        }
        ConfigValue value = config.getValue(path);
        return path + " = " + written(value) + where(value.origin());
    }

    /** A value as written in a config file: strings quoted only when HOCON would need it, lists on one line. */
    static String written(ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            String s = (String) value.unwrapped();
            return s.isEmpty() || !s.matches("[A-Za-z0-9_.+\\-]+") ? '"' + s + '"' : s;
        }
        return value.render(ConfigRenderOptions.concise()).replace("\"", "");
    }

    /** Where a value was given: {@code (in FILE line N)}, {@code (from --set)}, ... or {@link #DEFAULT}. */
    static String where(ConfigOrigin origin) {
        String resource = origin.resource() != null ? origin.resource() : origin.filename();
        if (resource != null && resource.endsWith("reference.conf")) {
            return DEFAULT;
        }
        if (origin.filename() != null) {
            return " (in " + origin.filename() + " line " + origin.lineNumber() + ")";
        }
        String description = origin.description();
        if (description.startsWith(FROM_SET)) {
            return " (from " + FROM_SET + ")";
        }
        if (description.startsWith(FROM_STORE)) {
            return " (in " + FROM_STORE + ")";
        }
        return description.contains("reference.conf") ? DEFAULT : "";
    }
}
