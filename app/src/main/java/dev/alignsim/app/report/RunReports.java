package dev.alignsim.app.report;

import dev.alignsim.app.console.Console;
import java.nio.file.Path;

/** The report {@code run} and {@code resume} write into the run directory when they finish. */
public final class RunReports {
    private RunReports() {}

    /**
     * Writes {@code RUN/report.html} and prints its path. A report that cannot be written does not fail the run, whose
     * results are already stored: it prints why instead.
     */
    public static void writeAfterRun(Path runDirectory) {
        Path target = runDirectory.resolve(ReportCommand.DEFAULT_NAME);
        try {
            RunData run = RunReader.read(runDirectory);
            ReportFile.write(target, ReportPage.single(run, ReportInfo.now("alignsim run (the report a run writes when it ends)")));
            Console.say("report: " + target);
        } catch (RuntimeException e) {
            Console.say("no report: " + e.getMessage());
        }
    }
}
