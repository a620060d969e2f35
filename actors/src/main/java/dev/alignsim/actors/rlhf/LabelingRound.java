package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.ComparisonRecords;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.actors.chat.GroupRewards;
import dev.alignsim.actors.chat.RewardEvaluation;
import dev.alignsim.actors.chat.Sampling;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.policy.eval.PairAccuracy;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A labeling round during RL, every {@code label_every} iterations: the policy answers each of {@code label_prompts}
 * prompts K times, the Labeler actors rank the answers, the reward model is measured on the new comparisons (held
 * out from it until then) and then trains on them plus comparisons replayed from the store (never the label stage's
 * held-out ones, which Replay leaves out), and renormalises when {@code chat.ppo.rm_renormalize} is set. With per-group
 * rewards ({@code chat.rm.per_group}) member g trains only on the new and replayed comparisons ranked by group g's labelers
 * (none this round: it is left as it is), and each member's accuracy on its own group's gold pairs is measured too.
 */
final class LabelingRound {
    /** The round's comparisons (empty when no round was due) and its metrics. */
    record Result(List<Comparison> comparisons, Map<String, Object> metrics) {
        static final Result NONE = new Result(List.of(), Map.of());
    }

    private final ChatWorld world;
    private final RlhfSettings settings;
    private final Asks asks;
    private final ActorRef<Replay.Command> replay;
    private final LabelerPopulation assignment;
    private final int k;
    private final double goldThreshold;
    /** One reward-model member per user group ({@code chat.rm.per_group}). */
    private final boolean perGroup;

    LabelingRound(ChatWorld world, RlhfSettings settings, Asks asks, ActorRef<Replay.Command> replay) {
        this.world = world;
        this.settings = settings;
        this.asks = asks;
        this.replay = replay;
        this.assignment = world.population("ppo");
        this.k = world.settings().label().k();
        this.goldThreshold = world.settings().eval().goldThreshold();
        this.perGroup = world.settings().rm().perGroup();
    }

    /** The round after PPO iteration {@code i} (stored as {@code key}), or {@link Result#NONE} when none is due. */
    CompletableFuture<Result> run(RoleSet roles, int i, long key) {
        if (settings.labelEvery() == 0 || (i + 1) % settings.labelEvery() != 0) {
            return CompletableFuture.completedFuture(Result.NONE);
        }
        long start = System.nanoTime();
        int round = (i + 1) / settings.labelEvery();
        Map<String, Object> metrics = new LinkedHashMap<>();
        return asks.<PromptRunner.Command, Prompt[]>ask(roles.prompts(), r -> new PromptRunner.Sample(settings.labelPrompts(), r))
                .thenCompose(prompts -> {
                    int[][] repeated = ChatWorld.tokens(Sampling.repeat(prompts, k));
                    long seed = world.seed("ppo/label-generate/" + i);
                    return asks.<PolicyRole.Command, SequencePolicy.Generation>ask(roles.policy(), r -> new PolicyRole.Generate(repeated, seed, r))
                            .thenCompose(generation -> rank(roles, round, key, prompts, repeated, generation, metrics));
                })
                .thenCompose(comparisons -> replayAndTrain(roles, key, comparisons, metrics, start));
    }

    private CompletableFuture<List<Comparison>> rank(RoleSet roles, int round, long key, Prompt[] prompts, int[][] repeated,
            SequencePolicy.Generation generation, Map<String, Object> metrics) {
        int[][][] responses = Sampling.group(generation.responses(), prompts.length, k);
        Map<String, List<LabelerRole.Task>> byLabeler = new TreeMap<>();
        for (int p = 0; p < prompts.length; p++) {
            long globalIndex = (long) round * settings.labelPrompts() + p;
            String id = assignment.labelerFor(globalIndex).id();
            byLabeler.computeIfAbsent(id, x -> new ArrayList<>()).add(new LabelerRole.Task(p, prompts[p], responses[p]));
        }
        List<String> ids = new ArrayList<>(byLabeler.keySet());
        List<CompletableFuture<List<LabelerRole.Ranked>>> rankings = new ArrayList<>();
        for (String id : ids) {
            List<LabelerRole.Task> tasks = byLabeler.get(id);
            rankings.add(asks.<LabelerRole.Command, List<LabelerRole.Ranked>>ask(roles.labelers().get(id), r -> new LabelerRole.Rank(tasks, r)));
        }
        CompletableFuture<RewardEnsemble.Scores> before = asks.<RewardModelRole.Command, RewardEnsemble.Scores>ask(roles.rewardModel(),
                r -> new RewardModelRole.Score(repeated, generation.responses(), r));
        return CompletableFuture.allOf(rankings.toArray(CompletableFuture[]::new)).thenCombine(before, (v, scores) -> {
            LabelerRole.Ranked[] ranked = new LabelerRole.Ranked[prompts.length];
            String[] who = new String[prompts.length];
            for (int a = 0; a < rankings.size(); a++) {
                for (LabelerRole.Ranked r : rankings.get(a).join()) {
                    ranked[r.index()] = r;
                    who[r.index()] = ids.get(a);
                }
            }
            return comparisons(key, prompts, responses, ranked, who, scores, metrics);
        });
    }

    private List<Comparison> comparisons(long key, Prompt[] prompts, int[][][] responses, LabelerRole.Ranked[] ranked, String[] who,
            RewardEnsemble.Scores scores, Map<String, Object> metrics) {
        List<Comparison> out = new ArrayList<>(prompts.length);
        List<PairAccuracy.Prompt> judged = new ArrayList<>(prompts.length);
        UserPopulation users = world.users();
        List<List<PairAccuracy.Prompt>> byGroup = new ArrayList<>();
        List<List<PairAccuracy.Prompt>> byOwnMember = new ArrayList<>();
        for (int g = 0; g < users.size(); g++) {
            byGroup.add(new ArrayList<>(prompts.length));
            byOwnMember.add(new ArrayList<>(prompts.length));
        }
        for (int p = 0; p < prompts.length; p++) {
            Comparison c = ComparisonRecords.of(key, who[p], world.settings().strategyOf(who[p]), ranked[p].labelsGivenBefore(),
                    prompts[p], responses[p], ranked[p].ranking(), world.gold());
            out.add(c);
            double[] promptScores = Arrays.copyOfRange(scores.mean(), p * k, (p + 1) * k);
            judged.add(new PairAccuracy.Prompt(promptScores, ranked[p].ranking(), ComparisonRecords.populationGold(c, users)));
            for (int g = 0; g < users.size(); g++) {
                double[] utility = ComparisonRecords.groupUtilities(c, users, g);
                byGroup.get(g).add(new PairAccuracy.Prompt(promptScores, ranked[p].ranking(), utility));
                if (perGroup) {
                    byOwnMember.get(g).add(new PairAccuracy.Prompt(Arrays.copyOfRange(scores.members()[g], p * k, (p + 1) * k),
                            ranked[p].ranking(), utility));
                }
            }
        }
        // Measured before the reward model trains on them: these comparisons are held out from it.
        metrics.put("rm/accuracy_heldout", PairAccuracy.labelerPairAccuracy(judged).accuracy());
        metrics.put("rm/accuracy_gold", PairAccuracy.goldPairAccuracy(judged, goldThreshold).accuracy());
        if (world.reportsGroups()) {
            for (int g = 0; g < users.size(); g++) {
                String group = "rm/accuracy_gold" + GoldReport.GROUP + users.groups().get(g).name();
                metrics.put(group, PairAccuracy.goldPairAccuracy(byGroup.get(g), goldThreshold).accuracy());
                if (perGroup) {
                    metrics.put(group + RewardEvaluation.OWN, PairAccuracy.goldPairAccuracy(byOwnMember.get(g), goldThreshold).accuracy());
                }
            }
        }
        metrics.put("labelers/agreement", PairAccuracy.labelerGoldAgreement(judged, goldThreshold).accuracy());
        metrics.put("label/comparisons", out.size());
        return out;
    }

    private CompletableFuture<Result> replayAndTrain(RoleSet roles, long key, List<Comparison> fresh, Map<String, Object> metrics, long start) {
        CompletableFuture<List<Comparison>> replayed = settings.rmReplay() == 0
                ? CompletableFuture.completedFuture(List.of())
                : asks.<Replay.Command, List<Comparison>>ask(replay,
                        r -> new Replay.SampleComparisons(settings.rmReplay(), world.seed("ppo/replay/" + key), 0, key - 1, r));
        return replayed.thenCompose(old -> {
            List<Comparison> all = new ArrayList<>(fresh);
            all.addAll(old);
            return train(roles, all).thenApply(trained -> {
                        metrics.put("rm/loss", trained.loss());
                        metrics.put("rm/replayed", old.size());
                        putNormalisation(metrics, trained.normalisation());
                        metrics.put("perf/label_s", (System.nanoTime() - start) / 1e9);
                        return new Result(fresh, metrics);
                    });
        });
    }

    /**
     * The reward model trains on the round's comparisons: every member on all of them, or with per-group rewards each
     * group's member on those its group's labelers ranked.
     */
    private CompletableFuture<RewardModelRole.Trained> train(RoleSet roles, List<Comparison> comparisons) {
        if (!perGroup) {
            List<RankedResponses> rankings = ComparisonRecords.toRanked(comparisons);
            return asks.<RewardModelRole.Command, RewardModelRole.Trained>ask(roles.rewardModel(), r -> new RewardModelRole.Train(rankings, r));
        }
        List<List<RankedResponses>> byMember = GroupRewards.byGroup(world.settings(), comparisons).stream()
                .map(ComparisonRecords::toRanked).toList();
        return asks.<RewardModelRole.Command, RewardModelRole.Trained>ask(roles.rewardModel(), r -> new RewardModelRole.TrainEach(byMember, r));
    }

    /** What the next iterations' scores are normalised with, when the round renormalised: it drifts as the model trains. */
    private void putNormalisation(Map<String, Object> metrics, ScoreNormalisation normalisation) {
        if (settings.rmRenormalize()) {
            metrics.put("rm/norm_offset", normalisation.meanOffset());
            metrics.put("rm/norm_scale", normalisation.meanScale());
        }
    }
}
