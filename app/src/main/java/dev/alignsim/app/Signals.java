package dev.alignsim.app;

import dev.alignsim.actors.lifecycle.StopRequest;
import java.io.PrintStream;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) stop a run gracefully: the first asks it to stop at its next iteration boundary, after
 * a checkpoint there, so that {@code alignsim resume} continues it exactly; a second stops the process at once (the
 * store stays consistent: every iteration commits in one write batch).
 */
final class Signals {
    private static final int STOPPED_AT_ONCE = 130;

    private Signals() {}

    static void stopGracefully(StopRequest stop, PrintStream console) {
        SignalHandler handler = signal -> {
            if (stop.request()) {
                console.println("alignsim: SIG" + signal.getName() + ": stopping after the current iteration, with a checkpoint"
                        + " (send it again to stop at once)");
            } else {
                console.println("alignsim: SIG" + signal.getName() + " again: stopping at once; resume continues from the last checkpoint");
                Runtime.getRuntime().halt(STOPPED_AT_ONCE);
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
