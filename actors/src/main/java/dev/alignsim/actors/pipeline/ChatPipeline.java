package dev.alignsim.actors.pipeline;

import dev.alignsim.actors.chat.BonStage;
import dev.alignsim.actors.chat.LabelStage;
import dev.alignsim.actors.chat.RmStage;
import dev.alignsim.actors.chat.SftStage;
import dev.alignsim.actors.chat.Stage;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.dpo.DpoStage;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.actors.rlhf.FaultInjection;
import dev.alignsim.actors.rlhf.LabelerPool;
import dev.alignsim.actors.rlhf.PpoStage;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.StageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a ChatWorld pipeline: its stages in order, each committed as a whole, skipping the stages the store already
 * holds (a resumed run starts at the first one not stored). Stage i's metrics line is keyed as iteration i.
 */
public final class ChatPipeline {
    private final StageContext context;
    private final List<Stage> stages;

    /**
     * @param rlhf the policy-gradient stage's settings (null when the pipeline has no ppo, rloo or grpo stage)
     * @param faults failures to inject into the RLHF roles (tests); {@link FaultInjection#none()} otherwise
     */
    public ChatPipeline(StageContext context, RlhfSettings rlhf, FaultInjection faults) {
        this(context, rlhf, null, faults);
    }

    /**
     * @param rlhf the policy-gradient stage's settings (null when the pipeline has no ppo, rloo or grpo stage)
     * @param dpo the dpo stage's settings (null when the pipeline has no dpo stage)
     * @param faults failures to inject into the RLHF roles (tests); {@link FaultInjection#none()} otherwise
     */
    public ChatPipeline(StageContext context, RlhfSettings rlhf, DpoSettings dpo, FaultInjection faults) {
        this(context, rlhf, dpo, faults, LabelerPool.local());
    }

    /**
     * @param rlhf the policy-gradient stage's settings (null when the pipeline has no ppo, rloo or grpo stage)
     * @param dpo the dpo stage's settings (null when the pipeline has no dpo stage)
     * @param faults failures to inject into the RLHF roles (tests); {@link FaultInjection#none()} otherwise
     * @param labelers where the policy-gradient stage's labelers live ({@link LabelerPool#local()}: in its own actor system)
     */
    public ChatPipeline(StageContext context, RlhfSettings rlhf, DpoSettings dpo, FaultInjection faults, LabelerPool labelers) {
        this.context = context;
        this.stages = new ArrayList<>();
        for (StageName name : context.settings().pipeline()) {
            stages.add(stage(name, context, rlhf, dpo, faults, labelers));
        }
    }

    /** A pipeline with a dpo stage and no policy-gradient one. */
    public ChatPipeline(StageContext context, DpoSettings dpo) {
        this(context, null, dpo, FaultInjection.none());
    }

    /** A pipeline without a ppo stage, or one that only evaluates what earlier stages stored. */
    public ChatPipeline(StageContext context) {
        this(context, null, FaultInjection.none());
    }

    private static Stage stage(StageName name, StageContext context, RlhfSettings rlhf, DpoSettings dpo, FaultInjection faults,
            LabelerPool labelers) {
        return switch (name) {
            case SFT -> new SftStage(context);
            case LABEL -> new LabelStage(context);
            case RM -> new RmStage(context);
            case PPO, RLOO, GRPO -> {
                if (rlhf == null) {
                    throw new IllegalArgumentException("the pipeline has a " + name + " stage but no chat.ppo settings were given");
                }
                if (rlhf.method() != name) {
                    throw new IllegalArgumentException("the pipeline's " + name + " stage was given settings for " + rlhf.method());
                }
                yield new PpoStage(context, name, rlhf, faults, labelers);
            }
            case DPO -> {
                if (dpo == null) {
                    throw new IllegalArgumentException("the pipeline has a dpo stage but no chat.dpo settings were given");
                }
                yield new DpoStage(context, dpo);
            }
            case BON -> new BonStage(context);
        };
    }

    /** Runs every stage not stored yet; returns each stage's metrics (only the name of a stored one), in pipeline order. */
    public List<Map<String, Object>> run() {
        List<StageRecord> done = context.store().stages();
        for (StageRecord r : done) {
            if (r.getIndex() >= stages.size() || !stages.get(r.getIndex()).name().configName().equals(r.getStage())) {
                throw new IllegalStateException("the store holds stage " + r.getIndex() + " (" + r.getStage()
                        + ") but the pipeline is " + context.settings().pipeline());
            }
        }
        rewriteMetricsFromStore();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            if (index < done.size()) {
                context.console().accept("stage " + index + " (" + stage.name().configName() + ") is already stored; skipping it");
                all.add(Map.of("stage", stage.name().configName()));
            } else {
                if (index > 0 && context.stop().isRequested()) {
                    throw new RunStoppedException(context.directory().root(), "stage " + (index - 1) + " (" + stages.get(index - 1).name() + ")");
                }
                all.add(stage.run(index));
            }
        }
        return all;
    }

    /** metrics.jsonl as the store has it, so that a resumed run's file holds exactly the committed lines. */
    private void rewriteMetricsFromStore() {
        List<String> lines = new ArrayList<>();
        for (MetricsLine line : context.store().metricsThrough(Long.MAX_VALUE - 1)) {
            lines.add(line.getJson());
        }
        context.directory().rewriteMetrics(lines);
    }
}
