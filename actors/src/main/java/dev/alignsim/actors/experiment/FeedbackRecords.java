package dev.alignsim.actors.experiment;

import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.env.Episode;
import dev.alignsim.policy.preference.Segment;
import dev.alignsim.policy.preference.SegmentComparison;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.FeedbackState;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.SegmentRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A run from feedback as stored records: a comparison of two segments as ChatWorld stores a ranking (the labeler, its
 * strategy, the two segments, the choice as a ranking of two, the true returns in place of gold, for analysis only),
 * and the feedback part of a checkpoint.
 */
final class FeedbackRecords {
    private FeedbackRecords() {}

    static Comparison comparison(long iteration, String labelerId, String strategy, long labelsGivenBefore, Segment first,
            Segment second, int preferred) {
        return Comparison.newBuilder().setIteration(iteration).setLabelerId(labelerId).setStrategy(strategy)
                .setPromptKind("segment").setLabelsGiven(labelsGivenBefore)
                .addResponses(judged(first)).addResponses(judged(second))
                .addRanking(preferred).addRanking(1 - preferred).build();
    }

    private static JudgedResponse judged(Segment segment) {
        SegmentRecord.Builder s = SegmentRecord.newBuilder().setObsDim(segment.obsDim()).setActionDim(segment.actionDim());
        for (float v : segment.observations()) {
            s.addObservations(v);
        }
        for (float v : segment.actions()) {
            s.addActions(v);
        }
        return JudgedResponse.newBuilder().setSegment(s).setGold(GoldComponents.newBuilder().setTotal(segment.trueReturn())).build();
    }

    /** Stored comparisons as the reward model's training examples (it never reads the true returns). */
    static List<SegmentComparison> segmentComparisons(List<Comparison> stored) {
        List<SegmentComparison> out = new ArrayList<>(stored.size());
        for (Comparison c : stored) {
            out.add(new SegmentComparison(segment(c.getIteration(), c.getResponses(0)), segment(c.getIteration(), c.getResponses(1)),
                    c.getRanking(0)));
        }
        return out;
    }

    private static Segment segment(long iteration, JudgedResponse judged) {
        SegmentRecord s = judged.getSegment();
        float[] obs = new float[s.getObservationsCount()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = s.getObservations(i);
        }
        float[] actions = new float[s.getActionsCount()];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = s.getActions(i);
        }
        return new Segment(obs.length / s.getObsDim(), s.getObsDim(), s.getActionDim(), obs, actions, judged.getGold().getTotal(),
                iteration);
    }

    static FeedbackState state(RewardModelActor.State rewardModel, List<LabelerActor.State> labelers, long labelsTotal,
            LearnedReturns learned) {
        FeedbackState.Builder b = FeedbackState.newBuilder().setLabelsTotal(labelsTotal).setLearnedEpisodesTotal(learned.total());
        rewardModel.members().forEach(m -> b.addRewardModels(RecordCodec.learner(m)));
        for (double scale : rewardModel.scales()) {
            b.addRewardScales(scale);
        }
        for (LabelerActor.State l : labelers) {
            LabelerState.Builder s = LabelerState.newBuilder().setId(l.labelerId()).setLabelsGiven(l.labelsGiven());
            for (long w : l.rng()) {
                s.addRng(w);
            }
            b.addLabelers(s);
        }
        for (Episode e : learned.recent()) {
            b.addLearnedRecentEpisodes(RecordCodec.episode(e));
        }
        for (double p : learned.partial()) {
            b.addLearnedPartialReturns(p);
        }
        return b.build();
    }

    static void restoreLearned(FeedbackState state, LearnedReturns learned) {
        List<Episode> recent = new ArrayList<>();
        state.getLearnedRecentEpisodesList().forEach(r -> recent.add(RecordCodec.episode(r)));
        learned.restore(recent, state.getLearnedEpisodesTotal(),
                state.getLearnedPartialReturnsList().stream().mapToDouble(Double::doubleValue).toArray());
    }
}
