package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.env.EnvId;
import dev.alignsim.storage.RunDirectory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alignsim run}: one experiment from configuration into a new run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs one experiment: the defaults of reference.conf, then --config, then --set overrides.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file of settings (see examples/).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set seed=2 --set ppo.learning_rate=1e-3.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<env>-seed<seed>-<time>). Must not hold a run already.")
    Path out;

    @Option(names = "--no-progress", description = "No console progress bar (as --set run.progress=false).")
    boolean noProgress;

    @Override
    public Integer call() {
        Config resolved = SettingsLoader.load(config, overrides);
        if (SettingsLoader.isChat(resolved)) {
            ChatSettings chat = SettingsLoader.chat(resolved);
            RlhfSettings rlhf = SettingsLoader.rlhf(resolved);
            Device device = ChatRuns.prepareEngine(resolved, chat);
            String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path dir = out != null ? out : Path.of("runs", EnvId.CHAT_WORLD.id() + "-seed" + chat.seed() + "-" + time);
            ChatRuns.start(resolved, chat, rlhf, device, RunDirectory.createNew(dir));
            return 0;
        }
        ExperimentSettings settings = SettingsLoader.experiment(resolved);
        Device device = Runs.prepareEngine(resolved, settings);
        Path dir = out != null ? out : defaultRunDirectory(settings);
        RunDirectory run = RunDirectory.createNew(dir);
        String rendered = SettingsLoader.render(resolved);
        run.writeConfig(rendered);
        System.out.printf("alignsim: %s, seed %d, %d steps (%d iterations of %d) -> %s%n", settings.env().id(), settings.seed(),
                (long) settings.iterations() * settings.batchSize(), settings.iterations(), settings.batchSize(), dir);
        boolean progress = !noProgress && SettingsLoader.progress(resolved);
        Runs.execute(resolved, settings, device, run, progress, spec -> ExperimentRunner.start(spec, rendered));
        return 0;
    }

    private static Path defaultRunDirectory(ExperimentSettings settings) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", settings.env().id() + "-seed" + settings.seed() + "-" + time);
    }
}
