package dev.alignsim.app.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * Keys that earlier versions of AlignSim named differently. A user who gives an old name, in a config file or with
 * {@code --set}, is refused with the new one; a stored run's configuration, written by an earlier version, is read
 * under today's names so that the run can still be resumed.
 */
final class RenamedSettings {

    /**
     * One key that is no more.
     *
     * @param oldKey its full path
     * @param newKey the full path of what took its place
     * @param change what changed besides the name; empty when the new key means what the old one did
     */
    record Renamed(String oldKey, String newKey, String change) {
        boolean sameMeaning() {
            return change.isEmpty();
        }

        /** Whether {@code path} is the old key or a key inside it. */
        boolean covers(String path) {
            return path.equals(oldKey) || path.startsWith(oldKey + ".");
        }

        /** The refusal of {@code path}, which this rename covers. */
        InvalidSettingsException refusal(String path) {
            String replacement = newKey + path.substring(oldKey.length());
            return new InvalidSettingsException(sameMeaning()
                    ? path + " was renamed: use " + replacement
                    : path + " was replaced by " + replacement + ": " + change);
        }
    }

    private static final String RECOVERIES = "how many times a control-world run may restore every role from its last "
            + "checkpoint before it fails (a whole number >= 0)";
    private static final String RUNNER_RESTARTS_REPLACED = "an env runner is no longer restarted alone with fresh environments; "
            + RECOVERIES;
    private static final String ROLLOUT_ATTEMPTS_REPLACED = "a failed rollout is no longer collected again alone; " + RECOVERIES;

    static final List<Renamed> ALL = List.of(
            new Renamed("alignsim.actors.learner-dispatcher", "alignsim.actors.learner_dispatcher", ""),
            new Renamed("alignsim.actors.runner-max-restarts", "alignsim.actors.max_recoveries", RUNNER_RESTARTS_REPLACED),
            new Renamed("alignsim.actors.runner_max_restarts", "alignsim.actors.max_recoveries", RUNNER_RESTARTS_REPLACED),
            new Renamed("alignsim.actors.rollout-max-attempts", "alignsim.actors.max_recoveries", ROLLOUT_ATTEMPTS_REPLACED),
            new Renamed("alignsim.actors.rollout_max_attempts", "alignsim.actors.max_recoveries", ROLLOUT_ATTEMPTS_REPLACED),
            new Renamed("alignsim.chat.ppo.max_attempts", "alignsim.chat.ppo.max_recoveries",
                    "how many times the RLHF stage may restore every role from its last checkpoint before the run fails "
                            + "(a whole number >= 0)"));

    private RenamedSettings() {}

    /** The rename that covers {@code path}, if any. */
    static Optional<Renamed> covering(String path) {
        return ALL.stream().filter(r -> r.covers(path)).findFirst();
    }

    /**
     * A stored configuration under today's names: the value of a renamed key moves to its new name; a key whose
     * meaning changed is dropped, so that its successor's default applies.
     */
    static Config migrate(Config stored) {
        Config out = stored;
        for (Renamed r : ALL) {
            if (!out.hasPathOrNull(r.oldKey())) {
                continue;
            }
            if (r.sameMeaning() && !out.hasPathOrNull(r.newKey())) {
                out = out.withValue(r.newKey(), out.getValue(r.oldKey()));
            }
            out = out.withoutPath(r.oldKey());
        }
        return out;
    }
}
