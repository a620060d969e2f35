package dev.alignsim.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a report's sections on every core, each into an HTML buffer of its own, and joins them in the order given:
 * drawing figures and reading the store take most of a report's time and do not depend on each other. The page is the
 * same whatever order the sections finish in.
 */
final class SectionWriter {
    private SectionWriter() {}

    /** One section: writes into its buffer and adds to the list of what the report could not show. */
    @FunctionalInterface
    interface Section {
        void write(Html html, List<String> notShown);
    }

    /** The sections' HTML, in order, and what they could not show, in the same order. */
    record Written(Html html, List<String> notShown) {}

    static Written write(List<Section> sections) {
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "alignsim-report");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Written>> futures = new ArrayList<>();
            for (Section section : sections) {
                futures.add(pool.submit(() -> {
                    Written one = new Written(new Html(), new ArrayList<>());
                    section.write(one.html(), one.notShown());
                    return one;
                }));
            }
            Written all = new Written(new Html(), new ArrayList<>());
            for (Future<Written> future : futures) {
                Written one = join(future);
                all.html().append(one.html());
                all.notShown().addAll(one.notShown());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Written join(Future<Written> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the report", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a report section failed: " + e.getCause(), e.getCause());
        }
    }
}
