package dev.alignsim.app.cli;

import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code alignsim inspect DIR}: what a run's store holds, read-only (it writes nothing, even to a live run). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a run store's iterations, record counts and bytes per kind, schema version and config digest.")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Override
    public Integer call() {
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            store.verifyChecksums();
            System.out.printf("run:            %s%n", dir);
            System.out.printf("schema version: %d%n", store.schemaVersion());
            System.out.printf("config digest:  sha256:%s%n", store.configDigest());
            RunStore.KindStats metrics = store.stats(RecordKind.METRICS);
            System.out.printf("iterations:     %s committed%s%n", range(metrics.firstIteration(), metrics.lastIteration()),
                    store.complete() ? " (complete)" : "");
            OptionalLong checkpoint = store.lastCheckpoint();
            System.out.printf("last checkpoint: %s%n", checkpoint.isPresent() ? "iteration " + checkpoint.getAsLong() : "none");
            RunStore.KindStats experience = store.stats(RecordKind.EXPERIENCE);
            System.out.printf("experience kept: %s%n", range(experience.firstIteration(), experience.lastIteration()));
            System.out.println();
            System.out.println("| kind | records | bytes (keys + values) | bytes in SST files | iterations |");
            System.out.println("|---|---|---|---|---|");
            for (RecordKind kind : RecordKind.values()) {
                RunStore.KindStats s = store.stats(kind);
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", kind.familyName(), s.records(), s.logicalBytes(),
                        s.sstBytes(), kind == RecordKind.META ? "-" : range(s.firstIteration(), s.lastIteration()));
            }
            long transitions = store.experience().transitionCount();
            if (transitions > 0) {
                System.out.printf(Locale.ROOT, "%nexperience: %d transitions, %.1f bytes per transition (keys + values), "
                        + "%.1f in SST files%n", transitions, experience.logicalBytes() / (double) transitions,
                        experience.sstBytes() / (double) transitions);
            }
        }
        return 0;
    }

    private static String range(OptionalLong first, OptionalLong last) {
        return first.isPresent() ? first.getAsLong() + ".." + last.getAsLong() : "none";
    }
}
