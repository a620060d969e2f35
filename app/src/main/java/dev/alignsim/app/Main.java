package dev.alignsim.app;

import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.app.cli.ExportCommand;
import dev.alignsim.app.cli.GaoFitCommand;
import dev.alignsim.app.cli.InspectCommand;
import dev.alignsim.app.cli.ResumeCommand;
import dev.alignsim.app.cli.RewardEvalCommand;
import dev.alignsim.app.cli.RunCommand;
import dev.alignsim.app.cli.SafetyEvalCommand;
import dev.alignsim.app.cli.SummaryCommand;
import dev.alignsim.app.cli.SweepCommand;
import dev.alignsim.app.cli.NodeCommand;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.app.report.ReportCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code alignsim} command line. */
@Command(name = "alignsim", mixinStandardHelpOptions = true, version = "alignsim 0.1.0",
        description = {"Simulates RLHF end to end: ChatWorld's pipeline (SFT, labels, a reward model, PPO against it) "
                + "and PPO on Gymnasium's control worlds, every role a Pekko actor, every run seeded and resumable.",
            "",
            "Exit codes: 0 success, 1 a failed run or an internal fault (its stack trace in the log file named), 2 invalid "
                + "settings, options or paths, 3 a store that cannot be used (not a store, another schema, locked, corrupted), "
                + "130 a run stopped by SIGTERM or Ctrl-C at an iteration boundary (resume continues it)."},
        subcommands = {RunCommand.class, ResumeCommand.class, InspectCommand.class, ExportCommand.class, SummaryCommand.class,
            RewardEvalCommand.class, SafetyEvalCommand.class, GaoFitCommand.class, ReportCommand.class, SweepCommand.class, NodeCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Signals.stopGracefully(StopRequest.process(), System.err);
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failed run or fault, 2 bad input, 3 bad store, 130 stopped). */
    public static int execute(String... args) {
        RunLog.start(false);
        CommandLine commandLine = new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(Main::refuseArguments);
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            // Errors (out of memory, a native library that cannot load) pass picocli's handler by.
            return ErrorHandler.exitCode(e, commandLine.getErr());
        } finally {
            Console.restore();
            RunLog.detach();
        }
    }

    /** An unknown option, a missing parameter, a value of the wrong type: one line, and where to look. */
    private static int refuseArguments(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("alignsim: invalid input: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return 2;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
