package dev.alignsim.app.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Who wrote a report, when and how: the alignsim version and the command. */
record ReportInfo(String version, String command, Instant written) {

    /** {@code alignsim 0.1.0-SNAPSHOT, 2026-11-30T09:09:19Z: alignsim report runs/a}. */
    String describe() {
        return version + ", " + written.truncatedTo(ChronoUnit.SECONDS) + ": " + command;
    }

    static ReportInfo now(String command) {
        return new ReportInfo(currentVersion(), command, Instant.now());
    }

    /** The Maven version of the app jar (its manifest's Implementation-Version); classes outside a jar have none. */
    static String currentVersion() {
        String version = ReportInfo.class.getPackage().getImplementationVersion();
        return version == null ? "alignsim (development build, not from a jar)" : "alignsim " + version;
    }
}
