package dev.alignsim.app.cli;

import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.proto.Tensor;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim inspect DIR}: what a run's store holds, read-only (it writes nothing, even to a live run). A
 * ChatWorld run's finished pipeline stages and trained models are listed too, when it has any.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a run store's iterations, record counts and bytes per kind, schema version and config digest, "
                + "and a ChatWorld run's stored pipeline stages and models.")
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
                // A ChatWorld row is a whole response (ExperienceBatch.token_width), a control-world row one transition.
                System.out.printf(Locale.ROOT, "%nexperience: %d rows (transitions; ChatWorld: responses), %.1f bytes per row "
                        + "(keys + values), %.1f in SST files%n", transitions, experience.logicalBytes() / (double) transitions,
                        experience.sstBytes() / (double) transitions);
            }
            printStages(store.stages());
            printModels(store);
        }
        return 0;
    }

    private static void printStages(List<StageRecord> stages) {
        if (stages.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("| stage index | stage | comparisons | models |");
        System.out.println("|---|---|---|---|");
        for (StageRecord stage : stages) {
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %s |%n", stage.getIndex(), stage.getStage(), stage.getComparisons(),
                    stage.getModelsCount() == 0 ? "-" : String.join(", ", stage.getModelsList()));
        }
    }

    private static void printModels(RunStore store) {
        List<String> names = store.modelNames();
        if (names.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("| model | role | parameters | version |");
        System.out.println("|---|---|---|---|");
        for (String name : names) {
            ModelRecord model = store.model(name).orElseThrow();
            long parameters = 0;
            for (Tensor weights : model.getWeightsList()) {
                parameters += weights.getValuesCount();
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d |%n", name, model.getRole().isEmpty() ? "-" : model.getRole(),
                    parameters, model.getVersion());
        }
    }

    private static String range(OptionalLong first, OptionalLong last) {
        return first.isPresent() ? first.getAsLong() + ".." + last.getAsLong() : "none";
    }
}
