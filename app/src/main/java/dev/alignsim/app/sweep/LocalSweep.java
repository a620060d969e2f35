package dev.alignsim.app.sweep;

import dev.alignsim.app.console.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sweep without cluster nodes: {@code jobs} experiments at a time, each a child JVM. Children are used rather than
 * threads so that each experiment has its own store lock, its own native memory and its own crash, exactly as
 * {@code alignsim run} and {@code alignsim resume} would; a child ends with this process ({@link ParentWatch}).
 */
public final class LocalSweep {
    private LocalSweep() {}

    /** Runs every unfinished experiment; returns how many failed. */
    public static int run(Sweep sweep, int jobs) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "alignsim-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Experiment experiment : sweep.experiments()) {
                results.add(pool.submit(() -> runOne(sweep, experiment)));
            }
            int failed = 0;
            for (Future<Boolean> result : results) {
                try {
                    failed += result.get() ? 0 : 1;
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    Console.say("sweep: " + e.getCause());
                }
            }
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sweep.experiments().size();
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean runOne(Sweep sweep, Experiment experiment) throws Exception {
        ExperimentLaunch.Step step = ExperimentLaunch.next(sweep, experiment);
        if (step == ExperimentLaunch.Step.SKIP) {
            Console.say("sweep: " + experiment.name() + " is complete; skipped");
            return true;
        }
        long start = System.nanoTime();
        Console.say("sweep: " + experiment.name() + ": " + step.name().toLowerCase(Locale.ROOT) + " (log " + sweep.log(experiment.name()) + ")");
        Process process = ExperimentLaunch.start(sweep, experiment, step, "this machine");
        try {
            int code = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (code == 0) {
                Console.say(String.format(Locale.ROOT, "sweep: %s done in %.1f s", experiment.name(), seconds));
                return true;
            }
            Console.say(String.format(Locale.ROOT, "sweep: %s failed with exit code %d after %.1f s; see %s", experiment.name(), code, seconds,
                    sweep.log(experiment.name())));
            return false;
        } finally {
            process.destroyForcibly();
        }
    }
}
