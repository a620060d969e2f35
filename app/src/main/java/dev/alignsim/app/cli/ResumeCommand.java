package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim resume DIR}: continues a run from its last committed checkpoint. The store is checked read-only
 * first (an AlignSim store, a schema this build reads, intact checksums); only then is it opened to write, which
 * fails while another process holds it. Records after the checkpoint are dropped, metrics.jsonl is rewritten from
 * the store, and the run goes on exactly as it would have without the interruption.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Continues a run from its last checkpoint.")
public final class ResumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Option(names = "--no-progress", description = "No console progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        String storedConfig;
        OptionalLong checkpointIteration;
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            store.verifyChecksums();
            // A ChatWorld pipeline decides itself what is left: its ppo stage may be complete and its evaluation not.
            if (store.complete() && !SettingsLoader.isChat(SettingsLoader.loadStored(store.config()))) {
                System.out.printf("alignsim: %s is complete (its last iteration is committed); nothing to resume%n", dir);
                return 0;
            }
            storedConfig = store.config();
            checkpointIteration = store.lastCheckpoint();
        }
        Config resolved = SettingsLoader.loadStored(storedConfig);
        if (SettingsLoader.isChat(resolved)) {
            ChatRuns.resume(resolved, SettingsLoader.chat(resolved), dir);
            return 0;
        }
        ExperimentSettings settings = SettingsLoader.experiment(resolved);
        Device device = Runs.prepareEngine(resolved, settings);
        RunDirectory run = RunDirectory.open(dir);
        RunStore store = RunStore.open(dir, true, ExperimentRunner.storeOptions(settings));
        try {
            long after = checkpointIteration.orElse(0);
            Checkpoint checkpoint = checkpointIteration.isPresent() ? store.checkpoint(after) : null;
            store.truncateAfter(after);
            List<String> lines = new ArrayList<>();
            for (MetricsLine line : store.metricsThrough(after)) {
                lines.add(line.getJson());
            }
            run.rewriteMetrics(lines);
            System.out.printf("alignsim: resuming %s after iteration %d of %d%n", dir, after, settings.iterations());
            boolean progress = !noProgress && SettingsLoader.progress(resolved);
            Runs.execute(resolved, settings, device, run, progress, spec -> ExperimentRunner.resume(spec, store, checkpoint));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return 0;
    }
}
