package dev.alignsim.actors.experiment;

import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.policy.preference.Segment;
import dev.alignsim.policy.preference.SegmentSampler;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One iteration's pairs on their way through the labelers: which labeler judges which pair, the choices as they come
 * in (in any order), and when all are in, the comparisons in pair order and their agreement with the true returns.
 */
final class SegmentJudging {
    private final long iteration;
    private final List<SegmentSampler.Candidate> pairs;
    /** Per labeler, the indices of the pairs dealt to it, in order. */
    private final List<List<Integer>> dealt = new ArrayList<>();
    private final int[] choices;
    private final Comparison[] records;
    private int sharesPending;

    /** @param labelerOfPair per pair, the index of the labeler who judges it */
    SegmentJudging(long iteration, List<SegmentSampler.Candidate> pairs, int[] labelerOfPair, int labelers) {
        this.iteration = iteration;
        this.pairs = List.copyOf(pairs);
        this.choices = new int[pairs.size()];
        this.records = new Comparison[pairs.size()];
        for (int l = 0; l < labelers; l++) {
            dealt.add(new ArrayList<>());
        }
        for (int j = 0; j < labelerOfPair.length; j++) {
            dealt.get(labelerOfPair[j]).add(j);
        }
        sharesPending = (int) dealt.stream().filter(share -> !share.isEmpty()).count();
    }

    /** The pairs labeler {@code labeler} judges, as (first, second); empty when none was dealt to it. */
    List<Segment[]> share(int labeler) {
        return dealt.get(labeler).stream().map(j -> new Segment[] {pairs.get(j).first(), pairs.get(j).second()}).toList();
    }

    /** Takes a labeler's choices; true when every share is in. */
    boolean add(LabelerActor.Judged judged) {
        List<Integer> share = dealt.get(judged.labelerIndex());
        for (int k = 0; k < share.size(); k++) {
            int j = share.get(k);
            choices[j] = judged.choices()[k];
            records[j] = FeedbackRecords.comparison(iteration, judged.labelerId(), judged.strategy(), judged.labelsGivenBefore()[k],
                    pairs.get(j).first(), pairs.get(j).second(), judged.choices()[k]);
        }
        return --sharesPending == 0;
    }

    /** The comparisons, in pair order. */
    List<Comparison> comparisons() {
        return Arrays.asList(records.clone());
    }

    /** The share of choices that agree with the true returns (ties count one half). */
    double agreementWithTrueReturns() {
        double agree = 0;
        for (int j = 0; j < pairs.size(); j++) {
            double first = pairs.get(j).first().trueReturn();
            double second = pairs.get(j).second().trueReturn();
            agree += first == second ? 0.5 : (first > second) == (choices[j] == 0) ? 1 : 0;
        }
        return agree / pairs.size();
    }
}
