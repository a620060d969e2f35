package dev.alignsim.app.cli;

import com.typesafe.config.Config;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.config.SettingsLoader;
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
                    complete(store) ? " (complete)" : "");
            OptionalLong checkpoint = store.lastCheckpoint();
            System.out.printf("last checkpoint: %s%n", checkpoint.isPresent() ? "iteration " + checkpoint.getAsLong() : "none");
            RunStore.KindStats experience = store.stats(RecordKind.EXPERIENCE);
            RunStore.KindStats responses = store.stats(RecordKind.RESPONSES);
            // A run keeps a control world's transitions or ChatWorld's responses, never both.
            RunStore.KindStats kept = experience.records() == 0 && responses.records() > 0 ? responses : experience;
            System.out.printf("experience kept: %s%n", range(kept.firstIteration(), kept.lastIteration()));
            System.out.println();
            System.out.println("| kind | records | bytes (keys + values) | bytes in SST files | iterations |");
            System.out.println("|---|---|---|---|---|");
            for (RecordKind kind : RecordKind.values()) {
                RunStore.KindStats s = store.stats(kind);
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", kind.familyName(), s.records(), s.logicalBytes(),
                        s.sstBytes(), kind == RecordKind.META ? "-" : range(s.firstIteration(), s.lastIteration()));
            }
            printPerRow("experience", "transitions", "transition", store.experience().transitionCount(), experience);
            printPerRow("responses", "ChatWorld responses", "response", store.responses().count(), responses);
            printStages(store.stages());
            printModels(store);
        }
        return 0;
    }

    /** How many rows a kind holds and its bytes per row, when it holds any. */
    private static void printPerRow(String kind, String rows, String row, long count, RunStore.KindStats stats) {
        if (count > 0) {
            System.out.printf(Locale.ROOT, "%n%s: %d %s, %.1f bytes per %s (keys + values), %.1f in SST files%n", kind, count, rows,
                    stats.logicalBytes() / (double) count, row, stats.sstBytes() / (double) count);
        }
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

    /** A control world's last iteration is committed, or every stage of a ChatWorld pipeline is stored. */
    private static boolean complete(RunStore store) {
        try {
            Config config = SettingsLoader.loadStored(store.config());
            if (SettingsLoader.isChat(config)) {
                return store.stages().size() >= SettingsLoader.chat(config).pipeline().size();
            }
        } catch (InvalidSettingsException e) {
            // a configuration this build cannot read: the store's own mark says
        }
        return store.complete();
    }

    private static String range(OptionalLong first, OptionalLong last) {
        return first.isPresent() ? first.getAsLong() + ".." + last.getAsLong() : "none";
    }
}
