package dev.alignsim.storage.rocks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The column families of a run store, one per kind of record. */
public enum RecordKind {
    /**
     * Run metadata: schema version, resolved config, its digest, the checkpoint pointer; and a ChatWorld run's trained
     * models ({@code model/<name>}) and finished pipeline stages ({@code stage/<index>/<stage>}). String keys.
     */
    META("meta"),
    /** A control world's PPO experience batches, keyed by iteration, shard (env runner) and sequence. */
    EXPERIENCE("experience"),
    /** ChatWorld's responses of each PPO iteration with their per-token columns (since schema 2), keyed like experience. */
    RESPONSES("responses"),
    /** Labelers' comparisons and labels (filled by the ChatWorld pipeline), keyed like experience. */
    COMPARISONS("comparisons"),
    /** Checkpoints, keyed by iteration. */
    CHECKPOINTS("checkpoints"),
    /** metrics.jsonl lines, keyed by iteration. */
    METRICS("metrics");

    private final String familyName;

    RecordKind(String familyName) {
        this.familyName = familyName;
    }

    public String familyName() {
        return familyName;
    }

    byte[] familyNameBytes() {
        return familyName.getBytes(StandardCharsets.UTF_8);
    }

    /** The kind named {@code name} (as the CLI spells it), or an error listing the kinds. */
    public static RecordKind parse(String name) {
        for (RecordKind kind : values()) {
            if (kind.familyName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RecordKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.familyName);
        }
        throw new IllegalArgumentException("unknown record kind '" + name + "'; expected one of " + known);
    }
}
