package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.FinalEvaluation;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.actors.chat.Stage;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.chat.StageRecorder;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.rules.RuleClass;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ppo}: RLHF on actors ({@link RlhfRunner}), continuing after its last checkpoint when the store has one. Its
 * iterations are keyed from the stage's index; when they are done, the reference and the final policy are evaluated
 * on the same fresh train prompts (gold, and proxy by two reward models: the one PPO optimised against at the end and
 * the rm stage's) and on the same evaluation prompts that no stage has seen (gold, suffixed {@code _unseen}); that
 * summary ({@code ppo-eval}) is committed as the stage's record and last metrics line.
 */
public final class PpoStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(PpoStage.class);
    private static final int SAMPLE_LINES = 4;

    private final StageContext context;
    private final StageName name;
    private final RlhfSettings settings;
    private final FaultInjection faults;
    private final LabelerPool labelers;

    /** @param faults failures to inject into role actors (tests); {@link FaultInjection#none()} otherwise */
    public PpoStage(StageContext context, StageName name, RlhfSettings settings, FaultInjection faults) {
        this(context, name, settings, faults, LabelerPool.local());
    }

    /**
     * @param faults failures to inject into role actors (tests); {@link FaultInjection#none()} otherwise
     * @param labelers where the labelers live ({@link LabelerPool#local()}: in the run's own actor system)
     */
    public PpoStage(StageContext context, StageName name, RlhfSettings settings, FaultInjection faults, LabelerPool labelers) {
        if (!name.isPolicyGradient()) {
            throw new IllegalArgumentException("not a policy-gradient stage: " + name);
        }
        this.context = context;
        this.name = name;
        this.settings = settings;
        this.faults = faults;
        this.labelers = labelers;
    }

    @Override
    public StageName name() {
        return name;
    }

    @Override
    public Map<String, Object> run(int index) {
        RunStore store = context.store();
        if (!store.complete()) {
            RlhfRunner.run(context, settings, index, faults, labelers);
        }
        ChatWorld world = context.world();
        Map<String, Object> metrics = new LinkedHashMap<>();
        long iteration = index + (long) settings.iterations();
        metrics.put("iteration", iteration);
        metrics.put("stage", name.closingLine());
        long last = store.lastCheckpoint().orElseThrow(() -> new IllegalStateException("the ppo stage stored no checkpoint"));
        Checkpoint checkpoint = store.checkpoint(last);
        FinalEvaluation.Answers answers;
        try (SequencePolicy policy = new SequencePolicy(world.modelSpec(), context.device(), 0)) {
            policy.load(RlhfCheckpoints.policy(checkpoint).weights());
            answers = FinalEvaluation.answer(context, policy, settings.ppo().temperature());
        }
        Prompt[] eval = answers.eval();
        Prompt[] unseen = answers.unseen();
        int[][] before = answers.reference();
        int[][] after = answers.policy();
        FinalEvaluation.putGoldAndSafety(metrics, world, answers);
        if (world.settings().rules().enabled()) {
            metrics.put("rules/classifier_accuracy", SafetyEvaluation.classifierAccuracy(world.harmClassifier(), eval));
            metrics.put("rules/classifier_accuracy_unseen", SafetyEvaluation.classifierAccuracy(world.harmClassifier(), unseen));
        }
        RlhfCheckpoints.ruleWeights(checkpoint).ifPresent(w -> {
            for (RuleClass c : RuleClass.values()) {
                metrics.put("rules/weight/" + c.key(), w.weight(c));
            }
        });
        // The proxy PPO optimised against: the RewardModel role's members as the labeling rounds left them, with
        // their normalisation; beside it the frozen rm-stage model, whose proxy does not move with the labeling rounds.
        try (RewardEnsemble rewardModel = context.models().rewardModel(world.settings().rm(), 0)) {
            RlhfCheckpoints.restoreRewardModel(checkpoint, rewardModel);
            metrics.put("reference/proxy", FinalEvaluation.meanProxy(rewardModel, eval, before));
            metrics.put("final/proxy", FinalEvaluation.meanProxy(rewardModel, eval, after));
        }
        try (RewardEnsemble frozen = context.models().rewardModel(world.settings().rm(), 0)) {
            metrics.put("reference/proxy_frozen", FinalEvaluation.meanProxy(frozen, eval, before));
            metrics.put("final/proxy_frozen", FinalEvaluation.meanProxy(frozen, eval, after));
        }
        FinalEvaluation.putLengths(metrics, answers);
        GoldReport.samples(world, eval, after, SAMPLE_LINES, line -> LOG.info("final policy sample: {}", line));
        StageRecorder.commit(context, name(), index, iteration, metrics, List.of(), List.of());
        context.console().accept(String.format(Locale.ROOT,
                "%s: on %d fresh train prompts, gold %.3f -> %.3f and proxy %.3f -> %.3f (rm stage's reward model: %.3f -> %.3f); "
                        + "on %d unseen prompts, gold %.3f -> %.3f (reference -> final policy)",
                name.configName(), eval.length, metrics.get("reference/gold"), metrics.get("final/gold"), metrics.get("reference/proxy"), metrics.get("final/proxy"),
                metrics.get("reference/proxy_frozen"), metrics.get("final/proxy_frozen"), unseen.length, metrics.get("reference/gold_unseen"),
                metrics.get("final/gold_unseen")));
        return metrics;
    }
}
