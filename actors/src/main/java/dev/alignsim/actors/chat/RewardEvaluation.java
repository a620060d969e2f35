package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.GoldScore;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelingContext;
import dev.alignsim.policy.eval.Correlations;
import dev.alignsim.policy.eval.PairAccuracy;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.JudgedResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a reward model learned what it was meant to, on comparisons it did not train on: whether it orders
 * the labelers' pairs as they did, whether it orders pairs as gold does (pairs whose gold gap exceeds a
 * threshold), how often the labelers themselves ordered those pairs as gold does, and how its scores correlate
 * with gold and with response length (beside gold's own correlation with length, so that a length bias the
 * reward model learned from its labelers shows as the difference).
 *
 * <p>Correlations are within prompts: score, gold and length are centred on their prompt's mean over its K
 * responses before the Pearson correlation is taken. A Bradley-Terry reward model is only identified up to a
 * constant per prompt, and prompt kinds differ in both gold and length (refusals are short, task answers long),
 * so correlations across prompts would mostly measure the prompt mixture.
 *
 * <p>Gold is population gold (the share-weighted mean of the user groups' utilities, computed from the stored
 * components), the stored gold total with the default population.
 *
 * @param comparisons held-out comparisons evaluated
 * @param heldoutAccuracy the model agrees with the labelers' pairs
 * @param goldAccuracy the model agrees with gold on pairs with a gold gap above the threshold
 * @param goldPairs how many such pairs there were
 * @param labelerAgreement the labelers agree with gold on those same pairs
 * @param rmGoldCorrelation within-prompt Pearson correlation of score and gold over every held-out response
 * @param rmLengthCorrelation within-prompt Pearson correlation of score and length (tokens before EOS)
 * @param goldLengthCorrelation within-prompt Pearson correlation of gold and length
 * @param meanSpread mean standard deviation of the ensemble members' scores (0 for one member)
 * @param goldAccuracyByKind gold-pair accuracy per prompt kind (NaN for a kind without gold pairs)
 * @param goldAccuracyByGroup with more than one user group, the gold-pair accuracy against each group's utility, by
 *     group name in the population's order (pairs whose gap in that group's utility exceeds the threshold); empty with
 *     one group; the combined score's, with per-group rewards too
 * @param ownAccuracyByGroup with per-group rewards ({@code chat.rm.per_group}: a weighted ensemble of one member per
 *     group, {@link GroupRewards}) and more than one group, each group's member's gold-pair accuracy against its own
 *     group's utility, by group name; empty otherwise
 */
public record RewardEvaluation(int comparisons, double heldoutAccuracy, double goldAccuracy, int goldPairs,
        double labelerAgreement, double rmGoldCorrelation, double rmLengthCorrelation, double goldLengthCorrelation,
        double meanSpread, Map<String, Double> goldAccuracyByKind, Map<String, Double> goldAccuracyByGroup,
        Map<String, Double> ownAccuracyByGroup) {

    /** The suffix of a group's key for its own member's accuracy, {@code rm/accuracy_gold/group/<name>/own}. */
    public static final String OWN = "/own";

    /**
     * Scores every response of the comparisons with the ensemble and compares, against population gold and each group's;
     * a per-group ensemble's members also each against their own group's.
     */
    public static RewardEvaluation of(List<Comparison> heldout, RewardEnsemble ensemble, double goldThreshold, UserPopulation users) {
        if (heldout.isEmpty()) {
            throw new IllegalArgumentException("no held-out comparisons to evaluate the reward model on");
        }
        int total = 0;
        for (Comparison c : heldout) {
            total += c.getResponsesCount();
        }
        int[][] prompts = new int[total][];
        int[][] responses = new int[total][];
        double[] gold = new double[total];
        double[][] groupGold = new double[users.size()][total];
        double[] length = new double[total];
        int at = 0;
        for (Comparison c : heldout) {
            int[] prompt = c.getPromptTokensList().stream().mapToInt(Integer::intValue).toArray();
            for (JudgedResponse r : c.getResponsesList()) {
                prompts[at] = prompt;
                responses[at] = r.getTokensList().stream().mapToInt(Integer::intValue).toArray();
                GoldScore score = ComparisonRecords.score(r.getGold());
                gold[at] = users.gold(score);
                double[] u = users.utilities(score);
                for (int g = 0; g < u.length; g++) {
                    groupGold[g][at] = u[g];
                }
                length[at] = LabelingContext.length(responses[at]);
                at++;
            }
        }
        RewardEnsemble.Scores scores = ensemble.scores(prompts, responses);
        double[] centredScores = centred(heldout, scores.mean());
        double[] centredGold = centred(heldout, gold);
        double[] centredLength = centred(heldout, length);
        List<PairAccuracy.Prompt> judged = new ArrayList<>(heldout.size());
        Map<String, List<PairAccuracy.Prompt>> byKind = new TreeMap<>();
        List<List<PairAccuracy.Prompt>> byGroup = new ArrayList<>();
        List<List<PairAccuracy.Prompt>> byOwnMember = new ArrayList<>();
        for (int g = 0; g < users.size(); g++) {
            byGroup.add(new ArrayList<>(heldout.size()));
            byOwnMember.add(new ArrayList<>(heldout.size()));
        }
        boolean own = perGroup(ensemble, users);
        at = 0;
        for (Comparison c : heldout) {
            int k = c.getResponsesCount();
            double[] s = new double[k];
            double[] g = new double[k];
            System.arraycopy(scores.mean(), at, s, 0, k);
            System.arraycopy(gold, at, g, 0, k);
            PairAccuracy.Prompt p = new PairAccuracy.Prompt(s, c.getRankingList().stream().mapToInt(Integer::intValue).toArray(), g);
            judged.add(p);
            byKind.computeIfAbsent(c.getPromptKind(), x -> new ArrayList<>()).add(p);
            for (int group = 0; group < users.size(); group++) {
                double[] utility = Arrays.copyOfRange(groupGold[group], at, at + k);
                byGroup.get(group).add(new PairAccuracy.Prompt(s, p.ranking(), utility));
                if (own) {
                    byOwnMember.get(group).add(new PairAccuracy.Prompt(Arrays.copyOfRange(scores.members()[group], at, at + k), p.ranking(),
                            utility));
                }
            }
            at += k;
        }
        Map<String, Double> kindAccuracy = new LinkedHashMap<>();
        byKind.forEach((kind, ofKind) -> kindAccuracy.put(kind, PairAccuracy.goldPairAccuracy(ofKind, goldThreshold).accuracy()));
        Map<String, Double> groupAccuracy = new LinkedHashMap<>();
        Map<String, Double> ownAccuracy = new LinkedHashMap<>();
        if (users.size() > 1) {
            for (int g = 0; g < users.size(); g++) {
                groupAccuracy.put(users.groups().get(g).name(), PairAccuracy.goldPairAccuracy(byGroup.get(g), goldThreshold).accuracy());
                if (own) {
                    ownAccuracy.put(users.groups().get(g).name(), PairAccuracy.goldPairAccuracy(byOwnMember.get(g), goldThreshold).accuracy());
                }
            }
        }
        PairAccuracy.Result goldPairs = PairAccuracy.goldPairAccuracy(judged, goldThreshold);
        double spread = 0;
        for (double v : scores.spread()) {
            spread += v;
        }
        return new RewardEvaluation(heldout.size(), PairAccuracy.labelerPairAccuracy(judged).accuracy(), goldPairs.accuracy(),
                goldPairs.pairs(), PairAccuracy.labelerGoldAgreement(judged, goldThreshold).accuracy(),
                Correlations.pearson(centredScores, centredGold), Correlations.pearson(centredScores, centredLength),
                Correlations.pearson(centredGold, centredLength), spread / total, Map.copyOf(kindAccuracy),
                Collections.unmodifiableMap(groupAccuracy), Collections.unmodifiableMap(ownAccuracy));
    }

    /** Whether the ensemble is a per-group reward: weighted, member g the reward of group g. */
    static boolean perGroup(RewardEnsemble ensemble, UserPopulation users) {
        return ensemble.weighted() && ensemble.members().size() == users.size();
    }

    /** Each value minus the mean of its comparison's values. */
    private static double[] centred(List<Comparison> comparisons, double[] values) {
        double[] out = new double[values.length];
        int at = 0;
        for (Comparison c : comparisons) {
            int k = c.getResponsesCount();
            double mean = 0;
            for (int j = 0; j < k; j++) {
                mean += values[at + j];
            }
            mean /= k;
            for (int j = 0; j < k; j++) {
                out[at + j] = values[at + j] - mean;
            }
            at += k;
        }
        return out;
    }

    /** The figures under their metric names. */
    public Map<String, Object> metrics() {
        return metrics("");
    }

    /**
     * The figures under their metric names with {@code suffix} after each ({@code rm/accuracy_gold_unseen},
     * {@code rm/accuracy_gold_unseen/task}, {@code rm/accuracy_gold_unseen/group/<name>}, with per-group rewards
     * {@code rm/accuracy_gold_unseen/group/<name>/own}): the same evaluation on
     * another set of comparisons.
     */
    public Map<String, Object> metrics(String suffix) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rm/heldout_comparisons" + suffix, comparisons);
        m.put("rm/accuracy_heldout" + suffix, heldoutAccuracy);
        m.put("rm/accuracy_gold" + suffix, goldAccuracy);
        m.put("rm/gold_pairs" + suffix, goldPairs);
        m.put("labelers/agreement" + suffix, labelerAgreement);
        m.put("rm/corr_gold" + suffix, rmGoldCorrelation);
        m.put("rm/corr_length" + suffix, rmLengthCorrelation);
        m.put("gold/corr_length" + suffix, goldLengthCorrelation);
        m.put("rm/spread" + suffix, meanSpread);
        new TreeMap<>(goldAccuracyByKind).forEach((kind, accuracy) -> m.put("rm/accuracy_gold" + suffix + "/" + kind, accuracy));
        goldAccuracyByGroup.forEach((group, accuracy) -> {
            m.put("rm/accuracy_gold" + suffix + GoldReport.GROUP + group, accuracy);
            if (ownAccuracyByGroup.containsKey(group)) {
                m.put("rm/accuracy_gold" + suffix + GoldReport.GROUP + group + OWN, ownAccuracyByGroup.get(group));
            }
        });
        return m;
    }
}
