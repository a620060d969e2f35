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
import dev.alignsim.app.console.Console;
import dev.alignsim.app.report.RunReports;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.util.Locale;

/** {@code run} and {@code resume} for ChatWorld: the pipeline's stages instead of PPO iterations. */
final class ChatRuns {
    private ChatRuns() {}

    /** Runs the pipeline into a new run directory; every setting was read and checked before it was created. */
    static void start(Config resolved, ChatSettings settings, RlhfSettings rlhf, Device device, RunDirectory run, boolean progress) {
        String rendered = SettingsLoader.render(resolved);
        run.writeConfig(rendered);
        Console.say("ChatWorld, seed " + settings.seed() + ", pipeline " + settings.pipeline() + " -> " + run.root());
        try (RunStore store = RunStore.create(run.root(), rendered, StoreOptions.defaults())) {
            execute(settings, rlhf, device, run, store, ChatProgress.start(progress, settings.pipeline(), rlhf.iterations(), 0, 0));
        }
    }

    /** Continues a stored pipeline as {@code plan} says: at its first stage not stored, or after its last PPO checkpoint. */
    static void resume(ChatSettings settings, RlhfSettings rlhf, Device device, RunDirectory run, RunStore store, ResumePlan plan,
            boolean progress) {
        Console.say(plan.message());
        execute(settings, rlhf, device, run, store, ChatProgress.start(progress, settings.pipeline(), rlhf.iterations(),
                plan.storedStages(), plan.keptIterations()));
    }

    private static void execute(ChatSettings settings, RlhfSettings rlhf, Device device, RunDirectory run, RunStore store,
            ChatProgress progress) {
        long start = System.nanoTime();
        try (progress) {
            run.onMetricsLine(progress);
            StageContext context = new StageContext(new ChatWorld(settings), store, run, device, Console::say);
            new ChatPipeline(context, usesRlhf(settings) ? rlhf : null, FaultInjection.none()).run();
        }
        Console.say(String.format(Locale.ROOT, "done: %s in %.1f s; metrics in %s", settings.pipeline(), (System.nanoTime() - start) / 1e9,
                run.metricsPath()));
        RunReports.writeAfterRun(run.root());
    }

    /** Whether the pipeline closes with a policy-gradient stage (ppo, rloo, grpo), which runs on chat.ppo's settings. */
    private static boolean usesRlhf(ChatSettings settings) {
        StageName method = StageName.method(settings.pipeline());
        return method != null && method.isPolicyGradient();
    }
}
