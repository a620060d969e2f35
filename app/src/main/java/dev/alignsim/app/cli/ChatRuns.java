package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.pipeline.ChatPipeline;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.report.RunReports;
import dev.alignsim.policy.device.ComputeDevice;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;

/** {@code run} and {@code resume} for ChatWorld: the pipeline's stages instead of PPO iterations. */
final class ChatRuns {
    private ChatRuns() {}

    static Device prepareEngine(Config resolved, ChatSettings settings) {
        TorchThreads.configure(SettingsLoader.torchThreads(resolved));
        return ComputeDevice.resolve(settings.device());
    }

    /** Runs the pipeline into a new run directory; every setting has been read and checked before it was created. */
    static void start(Config resolved, ChatSettings settings, RlhfSettings rlhf, Device device, RunDirectory run) {
        String rendered = SettingsLoader.render(resolved);
        run.writeConfig(rendered);
        System.out.printf("alignsim: ChatWorld, seed %d, pipeline %s -> %s%n", settings.seed(), settings.pipeline(), run.root());
        try (RunStore store = RunStore.create(run.root(), rendered, StoreOptions.defaults())) {
            execute(settings, rlhf, device, run, store);
        }
    }

    /** Continues a stored pipeline at its first stage not stored. */
    static void resume(Config resolved, ChatSettings settings, Path dir) {
        RlhfSettings rlhf = SettingsLoader.rlhf(resolved);
        Device device = prepareEngine(resolved, settings);
        RunDirectory run = RunDirectory.open(dir);
        try (RunStore store = RunStore.open(dir, true, StoreOptions.defaults())) {
            System.out.printf("alignsim: resuming %s after %d of %d stages%n", dir, store.stages().size(), settings.pipeline().size());
            execute(settings, rlhf, device, run, store);
        }
    }

    private static void execute(ChatSettings settings, RlhfSettings rlhf, Device device, RunDirectory run, RunStore store) {
        long start = System.nanoTime();
        StageContext context = new StageContext(new ChatWorld(settings), store, run, device, line -> System.out.println("alignsim: " + line));
        new ChatPipeline(context, settings.pipeline().contains(StageName.PPO) ? rlhf : null, FaultInjection.none()).run();
        System.out.printf("alignsim: done: %s in %.1f s; metrics in %s%n", settings.pipeline(), (System.nanoTime() - start) / 1e9,
                run.metricsPath());
        RunReports.writeAfterRun(run.root());
    }
}
