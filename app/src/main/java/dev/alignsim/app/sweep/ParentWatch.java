package dev.alignsim.app.sweep;

import dev.alignsim.app.Main;
import java.util.Optional;

/**
 * The main class of an experiment's child JVM: {@link Main} with a watch on the parent. A child JVM outlives a
 * parent killed with SIGKILL; this one halts as soon as its parent is gone (as if killed too: its store resumes
 * exactly), so that an experiment of a dead cluster node stops writing before a survivor resumes it.
 */
public final class ParentWatch {
    private static final long POLL_MILLIS = 200;

    private ParentWatch() {}

    public static void main(String[] args) {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isPresent()) {
            ProcessHandle watched = parent.get();
            Thread watch = new Thread(() -> {
                while (watched.isAlive()) {
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.err.println("alignsim: the parent process " + watched.pid() + " is gone; stopping at once (resume continues "
                        + "from the last checkpoint)");
                Runtime.getRuntime().halt(137);
            }, "alignsim-parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        Main.main(args);
    }
}
