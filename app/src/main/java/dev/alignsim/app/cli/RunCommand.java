package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.app.cluster.ClusterSettings;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.env.EnvId;
import dev.alignsim.storage.RunDirectory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alignsim run}: one experiment from configuration into a new run directory. Every setting and the directory
 * are checked before anything is written; a refused run leaves nothing behind.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs one experiment into a new run directory: the defaults of reference.conf (ChatWorld's whole RLHF "
                + "pipeline, as in examples/rlhf-quick.conf), then --config, then --set overrides.",
            "The console shows one line per stage and a progress bar; every log line goes to <run>/alignsim.log."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file of settings (see examples/).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set seed=2 --set ppo.learning_rate=1e-3.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<env>-seed<seed>-<time>): a new directory "
            + "or an empty one.")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar (as --set run.progress=false); there is none when standard "
            + "error is not a terminal.")
    boolean noProgress;

    @Option(names = "--verbose", description = "Also show the log's lines (one per iteration, samples) on the console.")
    boolean verbose;

    @Mixin
    LabelerPoolOptions labelers = new LabelerPoolOptions();

    @Override
    public Integer call() {
        RunLog.console(verbose);
        Config resolved = SettingsLoader.load(config, overrides);
        boolean progress = !noProgress && SettingsLoader.progress(resolved);
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Optional<ClusterSettings> labelersOn = labelers.cluster();
        checkLabelersOn(resolved, labelersOn);
        if (SettingsLoader.isChat(resolved)) {
            ChatSettings chat = SettingsLoader.chat(resolved);
            RlhfSettings rlhf = SettingsLoader.rlhf(resolved);
            DpoSettings dpo = SettingsLoader.dpo(resolved);
            Path dir = out != null ? out : Path.of("runs", EnvId.CHAT_WORLD.id() + "-seed" + chat.seed() + "-" + time);
            RunDirectory.checkNew(dir);
            Device device = Engine.prepare(resolved, chat.device());
            ChatRuns.withLabelers(labelersOn, SettingsLoader.render(resolved), rlhf, labelers -> Runs.inNewDirectory(dir,
                    run -> ChatRuns.start(resolved, chat, rlhf, dpo, device, run, progress, labelers)));
            return 0;
        }
        ExperimentSettings settings = SettingsLoader.experiment(resolved);
        Path dir = out != null ? out : Path.of("runs", settings.env().id() + "-seed" + settings.seed() + "-" + time);
        RunDirectory.checkNew(dir);
        Device device = Engine.prepare(resolved, settings.device());
        Runs.inNewDirectory(dir, run -> {
            String rendered = SettingsLoader.render(resolved);
            run.writeConfig(rendered);
            Console.say(settings.feedback().tamerMode()
                    ? String.format("%s, seed %d, TAMER for %d steps (an episode an iteration) -> %s", settings.env().id(), settings.seed(),
                            settings.totalTimesteps(), dir)
                    : String.format("%s, seed %d, %d steps (%d iterations of %d) -> %s", settings.env().id(), settings.seed(),
                            (long) settings.iterations() * settings.batchSize(), settings.iterations(), settings.batchSize(), dir));
            Runs.execute(resolved, settings, device, run, progress, spec -> ExperimentRunner.start(spec, rendered));
        });
        return 0;
    }

    /** Refuses --labelers-on for a run whose labelers never run on actors: a control world, or a pipeline without RLHF. */
    static void checkLabelersOn(Config resolved, Optional<ClusterSettings> labelersOn) {
        if (labelersOn.isEmpty()) {
            return;
        }
        if (!SettingsLoader.isChat(resolved)) {
            throw new InvalidArgumentException("--labelers-on: only ChatWorld's RLHF stage has labelers that can run on a cluster; this run "
                    + "is " + SettingsLoader.experiment(resolved).env().id());
        }
        ChatRuns.checkLabelersOn(SettingsLoader.chat(resolved), labelersOn);
    }
}
