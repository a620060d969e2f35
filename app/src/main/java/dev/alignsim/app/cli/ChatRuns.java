package dev.alignsim.app.cli;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.pipeline.ChatPipeline;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.LabelerPool;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.app.cluster.ClusterSettings;
import dev.alignsim.app.cluster.ShardedLabelers;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.report.RunReports;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code run} and {@code resume} for ChatWorld: the pipeline's stages instead of PPO iterations. */
final class ChatRuns {
    private ChatRuns() {}

    /** Runs the pipeline into a new run directory; every setting was read and checked before it was created. */
    static void start(Config resolved, ChatSettings settings, RlhfSettings rlhf, DpoSettings dpo, Device device, RunDirectory run,
            boolean progress, LabelerPool labelers) {
        String rendered = SettingsLoader.render(resolved);
        run.writeConfig(rendered);
        Console.say("ChatWorld, seed " + settings.seed() + ", pipeline " + settings.pipeline() + " -> " + run.root());
        try (RunStore store = RunStore.create(run.root(), rendered, StoreOptions.defaults())) {
            execute(settings, rlhf, dpo, device, run, store, ChatProgress.start(progress, settings.pipeline(), methodIterations(settings, rlhf, dpo),
                    0, 0), labelers);
        }
    }

    /**
     * Continues a stored pipeline as {@code plan} says: at its first stage not stored, or after the last checkpoint of its
     * method stage (ppo, rloo, grpo iterations; dpo epochs).
     */
    static void resume(ChatSettings settings, RlhfSettings rlhf, DpoSettings dpo, Device device, RunDirectory run, RunStore store,
            ResumePlan plan, boolean progress, LabelerPool labelers) {
        Console.say(plan.message());
        execute(settings, rlhf, dpo, device, run, store, ChatProgress.start(progress, settings.pipeline(), methodIterations(settings, rlhf, dpo),
                plan.storedStages(), plan.keptIterations()), labelers);
    }

    /** How many lines the method stage writes before its closing one: chat.dpo.epochs for dpo, else chat.ppo.iterations. */
    static int methodIterations(ChatSettings settings, RlhfSettings rlhf, DpoSettings dpo) {
        return StageName.method(settings.pipeline()) == StageName.DPO ? dpo.epochs() : rlhf.iterations();
    }

    private static void execute(ChatSettings settings, RlhfSettings rlhf, DpoSettings dpo, Device device, RunDirectory run, RunStore store,
            ChatProgress progress, LabelerPool labelers) {
        long start = System.nanoTime();
        try (progress) {
            run.onMetricsLine(progress);
            StageContext context = new StageContext(new ChatWorld(settings), store, run, device, Console::say);
            RlhfSettings pg = usesRlhf(settings) ? rlhf : null;
            DpoSettings method = StageName.method(settings.pipeline()) == StageName.DPO ? dpo : null;
            new ChatPipeline(context, pg, method, FaultInjection.none(), labelers).run();
        }
        Console.say(String.format(Locale.ROOT, "done: %s in %.1f s; metrics in %s", settings.pipeline(), (System.nanoTime() - start) / 1e9,
                run.metricsPath()));
        RunReports.writeAfterRun(run.root());
    }

    /**
     * Runs {@code body} with the run's labelers: local, or on the cluster of {@code labelersOn}, joined first (before the
     * run directory is made, so that a cluster not found leaves nothing behind) and left after.
     *
     * @param config the run's resolved settings as stored: labelers on the cluster build themselves from them
     */
    static void withLabelers(Optional<ClusterSettings> labelersOn, String config, RlhfSettings rlhf, Consumer<LabelerPool> body) {
        if (labelersOn.isEmpty()) {
            body.accept(LabelerPool.local());
            return;
        }
        try (ShardedLabelers labelers = ShardedLabelers.join(labelersOn.get(), config, rlhf.askTimeout())) {
            body.accept(labelers);
        }
    }

    /** Refuses --labelers-on for a pipeline without a policy-gradient stage: its labelers never run on actors. */
    static void checkLabelersOn(ChatSettings settings, Optional<ClusterSettings> labelersOn) {
        if (labelersOn.isPresent() && !usesRlhf(settings)) {
            throw new InvalidArgumentException("--labelers-on: the pipeline " + settings.pipeline() + " has no ppo, rloo or grpo stage, "
                    + "whose labelers could run on the cluster; expected one, or no --labelers-on");
        }
    }

    /** Whether the pipeline closes with a policy-gradient stage (ppo, rloo, grpo), which runs on chat.ppo's settings. */
    private static boolean usesRlhf(ChatSettings settings) {
        StageName method = StageName.method(settings.pipeline());
        return method != null && method.isPolicyGradient();
    }
}
