package dev.alignsim.app;

import dev.alignsim.actors.lifecycle.StopRequest;

import dev.alignsim.app.cli.ExportCommand;
import dev.alignsim.app.cli.GaoFitCommand;
import dev.alignsim.app.cli.InspectCommand;
import dev.alignsim.app.cli.ResumeCommand;
import dev.alignsim.app.cli.RewardEvalCommand;
import dev.alignsim.app.cli.RunCommand;
import dev.alignsim.app.cli.SummaryCommand;
import dev.alignsim.app.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code alignsim} command line. */
@Command(name = "alignsim", mixinStandardHelpOptions = true, version = "alignsim 0.1.0",
        description = "Simulates reinforcement learning (and, later, RLHF) with Pekko actors and DJL networks.",
        subcommands = {RunCommand.class, ResumeCommand.class, InspectCommand.class, ExportCommand.class, SummaryCommand.class,
            RewardEvalCommand.class, GaoFitCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Signals.stopGracefully(StopRequest.process(), System.err);
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failed run, 2 bad input). */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
