package dev.alignsim.actors.chat;

import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardModel;
import dev.alignsim.policy.rm.RewardTrainer;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ModelRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rm}: a reward model (the reference's encoder and a scalar head) learns the label stage's rankings with the
 * Bradley-Terry loss, its scores are normalised on the reference's answers, and it is evaluated on the held-out
 * rankings (the last {@code chat.label.heldout_fraction} of them) against the labelers and against gold (population gold,
 * and each user group's utility when there is more than one group: {@code rm/accuracy_gold/group/<name>}), and again on
 * rankings of evaluation prompts that no stage has seen ({@link UnseenComparisons}; the same figures suffixed
 * {@code _unseen}). With {@code chat.rm.per_group} the reward model has one member per user group, member g trained on
 * group g's comparisons alone ({@link GroupRewards}), and each member's accuracy on its own group's gold pairs is reported
 * too ({@code rm/accuracy_gold/group/<name>/own}).
 */
public final class RmStage extends OneStepStage {
    /** The suffix of the figures measured on rankings of evaluation prompts, which no stage trains on. */
    public static final String UNSEEN = "_unseen";

    public RmStage(StageContext context) {
        super(context);
    }

    @Override
    public StageName name() {
        return StageName.RM;
    }

    @Override
    Output step(int index, Map<String, Object> metrics) {
        ChatWorld world = context.world();
        ChatSettings settings = context.settings();
        List<Comparison> all = labelStageComparisons(context);
        if (all.size() < 2) {
            throw new IllegalStateException("the reward model needs at least 2 stored comparisons, the store holds " + all.size());
        }
        int heldout = settings.label().heldoutCount(all.size());
        List<Comparison> train = all.subList(0, all.size() - heldout);
        List<Comparison> test = all.subList(all.size() - heldout, all.size());
        SequenceModelSpec spec = world.modelSpec();
        long seed = world.seed("rm/init");
        try (RewardEnsemble ensemble = new RewardEnsemble(spec, settings.rm(), context.device(), seed, GroupRewards.memberWeights(settings))) {
            if (settings.rm().initFromSft()) {
                ensemble.startFrom(ModelCodec.weights(context.models().referenceRecord()));
            }
            List<RewardTrainer.Stats> stats = settings.rm().perGroup() ? trainPerGroup(ensemble, settings, train)
                    : ensemble.train(ComparisonRecords.toRanked(train));
            metrics.put("rm/train_comparisons", train.size());
            metrics.put("rm/loss", stats.stream().mapToDouble(RewardTrainer.Stats::finalLoss).average().orElseThrow());
            metrics.put("rm/accuracy_train", stats.stream().mapToDouble(RewardTrainer.Stats::finalPairAccuracy).average().orElseThrow());
            NormalisationSet.of(context).normalise(ensemble);
            List<Comparison> unseen;
            try (SequencePolicy reference = context.models().reference()) {
                unseen = UnseenComparisons.of(world, reference);
            }
            metrics.putAll(RewardEvaluation.of(test, ensemble, settings.eval().goldThreshold(), world.users()).metrics());
            metrics.putAll(RewardEvaluation.of(unseen, ensemble, settings.eval().goldThreshold(), world.users()).metrics(UNSEEN));
            List<ModelRecord> models = new ArrayList<>();
            List<RewardModel> members = ensemble.members();
            for (int m = 0; m < members.size(); m++) {
                RewardModel member = members.get(m);
                models.add(ModelCodec.record(StoredModels.REWARD_PREFIX + m, "reward", spec, member.weights(settings.rm().epochs()),
                        member.scoreOffset(), member.scoreScale(), seed));
            }
            return new Output(List.of(), models);
        }
    }

    /**
     * Member g learns only the training comparisons ranked by labelers of group g (per-group rewards).
     *
     * @throws IllegalStateException naming the group when its labelers ranked none of them
     */
    private static List<RewardTrainer.Stats> trainPerGroup(RewardEnsemble ensemble, ChatSettings settings, List<Comparison> train) {
        List<List<Comparison>> byGroup = GroupRewards.byGroup(settings, train);
        List<List<RankedResponses>> data = new ArrayList<>();
        for (int g = 0; g < byGroup.size(); g++) {
            if (byGroup.get(g).isEmpty()) {
                throw new IllegalStateException("chat.rm.per_group = true but the labelers of group '" + settings.population().names().get(g)
                        + "' ranked none of the label stage's " + train.size() + " training comparisons; label more prompts"
                        + " (chat.label.prompts) or give the group's labelers a larger share (chat.labelers)");
            }
            data.add(ComparisonRecords.toRanked(byGroup.get(g)));
        }
        return ensemble.trainEach(data).stream().map(Optional::orElseThrow).toList();
    }

    @Override
    String summary(Map<String, Object> m) {
        return String.format(Locale.ROOT,
                "rm: held-out accuracy %.1f%% (labelers' pairs), %.1f%% (gold pairs; %.1f%% on unseen prompts; labelers %.1f%%); "
                        + "corr with gold %.2f, with length %.2f (gold's %.2f)",
                100 * (double) m.get("rm/accuracy_heldout"), 100 * (double) m.get("rm/accuracy_gold"),
                100 * (double) m.get("rm/accuracy_gold" + UNSEEN),
                100 * (double) m.get("labelers/agreement"), m.get("rm/corr_gold"), m.get("rm/corr_length"), m.get("gold/corr_length"));
    }

    /**
     * Evaluates the stored reward model on the stored held-out comparisons, as the rm stage did, with a gold
     * threshold of the caller's choice.
     *
     * @throws IllegalStateException if the store holds no reward model or no comparisons
     */
    public static RewardEvaluation evaluateStored(StageContext context, double goldThreshold) {
        List<Comparison> all = labelStageComparisons(context);
        // The missing reward model is named first: a run without an rm stage usually lacks both.
        try (RewardEnsemble ensemble = context.models().rewardModel(context.settings().rm(), 0)) {
            if (all.isEmpty()) {
                throw new IllegalStateException("the store holds no comparisons to evaluate on");
            }
            int heldout = context.settings().label().heldoutCount(all.size());
            return RewardEvaluation.of(all.subList(all.size() - heldout, all.size()), ensemble, goldThreshold, context.world().users());
        }
    }

    /**
     * Evaluates the stored reward model on rankings of the reference's answers to evaluation prompts, which no stage
     * trains on: the same rankings as the rm stage's {@code _unseen} figures (the same streams), with a gold threshold
     * of the caller's choice.
     *
     * @throws IllegalStateException if the store holds no reward model or no reference
     */
    public static RewardEvaluation evaluateStoredUnseen(StageContext context, double goldThreshold) {
        try (RewardEnsemble ensemble = context.models().rewardModel(context.settings().rm(), 0)) {
            List<Comparison> unseen;
            try (SequencePolicy reference = context.models().reference()) {
                unseen = UnseenComparisons.of(context.world(), reference);
            }
            return RewardEvaluation.of(unseen, ensemble, goldThreshold, context.world().users());
        }
    }

    /** The label stage's comparisons, stored under its index in the pipeline. */
    private static List<Comparison> labelStageComparisons(StageContext context) {
        long labelIteration = context.settings().pipeline().indexOf(StageName.LABEL);
        return labelIteration < 0 ? List.of() : context.store().comparisons().range(labelIteration, labelIteration);
    }
}
