package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.app.config.ConfigDifferences;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.cluster.ClusterSettings;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim resume DIR}: continues a run from its last committed checkpoint. The store is checked read-only
 * first (an AlignSim store, a schema this build reads, intact checksums), and so is {@code config.conf} against the
 * configuration the store was made with; a complete run is left as it is. Only then is the store opened to write,
 * which fails while another process holds it. Records after the checkpoint are dropped, metrics.jsonl is rewritten
 * from the store, and the run goes on exactly as it would have without the interruption.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continues a run from its last checkpoint, with the settings its store was made with.",
            "Says where it starts and which committed iterations (after the checkpoint) it computes again; a complete run "
                + "is left unchanged. A missing config.conf is restored; an edited one is refused."})
public final class ResumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Option(names = "--no-progress", description = "No progress bar; there is none when standard error is not a terminal.")
    boolean noProgress;

    @Option(names = "--verbose", description = "Also show the log's lines (one per iteration, samples) on the console.")
    boolean verbose;

    @Mixin
    LabelerPoolOptions labelers = new LabelerPoolOptions();

    @Override
    public Integer call() {
        RunLog.console(verbose);
        Optional<ClusterSettings> labelersOn = labelers.cluster();
        String storedConfig;
        Config resolved;
        ResumePlan plan;
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            store.verifyChecksums();
            storedConfig = store.config();
            resolved = SettingsLoader.loadStored(storedConfig);
            refuseTamer(resolved);
            plan = SettingsLoader.isChat(resolved)
                    ? ResumePlan.chat(dir, store, SettingsLoader.chat(resolved), SettingsLoader.rlhf(resolved), SettingsLoader.dpo(resolved))
                    : ResumePlan.control(dir, store, SettingsLoader.experiment(resolved));
        }
        RunCommand.checkLabelersOn(resolved, labelersOn);
        RunDirectory run = RunDirectory.open(dir);
        boolean restore = checkConfigFile(run, storedConfig);
        boolean progress = !noProgress && SettingsLoader.progress(resolved);
        if (plan.complete()) {
            restoreConfig(run, storedConfig, restore);
            Console.say(plan.message());
            return 0;
        }
        if (SettingsLoader.isChat(resolved)) {
            ChatSettings chat = SettingsLoader.chat(resolved);
            RlhfSettings rlhf = SettingsLoader.rlhf(resolved);
            DpoSettings dpo = SettingsLoader.dpo(resolved);
            Device device = Engine.prepare(resolved, chat.device());
            ChatRuns.withLabelers(labelersOn, storedConfig, rlhf, labelers -> {
                try (RunStore store = RunStore.open(dir, true, StoreOptions.defaults())) {
                    RunLog.attach(dir);
                    restoreConfig(run, storedConfig, restore);
                    ChatRuns.resume(chat, rlhf, dpo, device, run, store, plan, progress, labelers);
                }
            });
            return 0;
        }
        ExperimentSettings settings = SettingsLoader.experiment(resolved);
        Device device = Engine.prepare(resolved, settings.device());
        RunStore store = RunStore.open(dir, true, ExperimentRunner.storeOptions(settings));
        try {
            RunLog.attach(dir);
            restoreConfig(run, storedConfig, restore);
            long after = store.lastCheckpoint().orElse(0);
            Checkpoint checkpoint = after > 0 ? store.checkpoint(after) : null;
            store.truncateAfter(after);
            List<String> lines = new ArrayList<>();
            for (MetricsLine line : store.metricsThrough(after)) {
                lines.add(line.getJson());
            }
            run.rewriteMetrics(lines);
            Console.say(plan.message());
            Runs.execute(resolved, settings, device, run, progress, spec -> ExperimentRunner.resume(spec, store, checkpoint));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return 0;
    }

    /** A TAMER run stores no checkpoint (TAMER's state is not kept): refused before anything is written. */
    private void refuseTamer(Config resolved) {
        if (!SettingsLoader.isChat(resolved) && SettingsLoader.experiment(resolved).feedback().tamerMode()) {
            throw new InvalidArgumentException(dir + " is a TAMER run (feedback.mode = tamer), which keeps no checkpoint and cannot "
                    + "be resumed; start it again with alignsim run");
        }
    }

    /**
     * Whether config.conf must be restored (it is missing). Refuses one that holds other settings than the store's:
     * the file would say the run used settings it does not.
     */
    private static boolean checkConfigFile(RunDirectory run, String storedConfig) {
        Path file = run.configPath();
        if (!Files.exists(file)) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidArgumentException(file + " is not a file; expected the run's settings (remove it: resume restores them "
                    + "from the store)");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidArgumentException(file + " cannot be read as text (" + e.getMessage() + "); expected the run's settings "
                    + "(remove it: resume restores them from the store)");
        }
        if (text.equals(storedConfig)) {
            return false;
        }
        List<String> differences = ConfigDifferences.between(storedConfig, text, file.toString());
        if (!differences.isEmpty()) {
            throw new InvalidSettingsException(file + " was edited after the run started: " + String.join("; ", differences)
                    + ". A resume uses the settings the run's store was made with; expected config.conf to show them: undo the "
                    + "edit (or delete the file: resume restores it), or start a new run with the edited settings: alignsim run "
                    + "--config " + file + " --out <a new directory>");
        }
        return false;
    }

    private static void restoreConfig(RunDirectory run, String storedConfig, boolean restore) {
        if (restore) {
            run.writeConfig(storedConfig);
            Console.say("restored " + run.configPath() + " from the run's store");
        }
    }
}
