package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StoredModels;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.rules.FitSet;
import dev.alignsim.env.rules.HingeFit;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.rm.RewardEnsemble;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights the rule-based reward starts the ppo stage with: the hand-set ones, or Mu et al.'s fit on the fitting set
 * with the rm stage's reward model scoring its completions. The fit depends only on the run's settings and stored models,
 * so a recovery to the stage's start fits the same weights; after a checkpoint the role takes them from it.
 */
final class RuleWeightSource {
    private static final Logger LOG = LoggerFactory.getLogger(RuleWeightSource.class);

    private RuleWeightSource() {}

    /** The weights, with a rubric that is off paying 0. */
    static RuleWeights initial(ChatWorld world, StoredModels models) {
        RuleSettings rules = world.settings().rules();
        if (rules.weights() == RuleSettings.WeightSource.HAND) {
            return rules.applyRubrics(rules.hand());
        }
        HingeFit.Result fit = fit(world, models);
        RuleWeights weights = rules.applyRubrics(fit.weights());
        LOG.info("rule weights fitted on {} pairs of {} prompts ({}% ordered by the total reward): {}", fit.pairs(), rules.fitPrompts(),
                Math.round(fit.ordered() * 1000) / 10.0, weights);
        return weights;
    }

    /** Mu et al.'s fit: on each train prompt of the fitting set, the ideal completion's total reward clears each worse one's. */
    static HingeFit.Result fit(ChatWorld world, StoredModels models) {
        RuleSettings rules = world.settings().rules();
        Prompt[] prompts = world.prompts("rules/fit", rules.fitPrompts());
        List<FitSet.Completions> set = new FitSet(world.vocabulary(), world.knowledge(), world.harmClassifier()).of(prompts);
        List<double[]> offsets = rules.fitWithRm() ? rewardModelScores(world, models, set) : zeros(set);
        List<HingeFit.Example> examples = new ArrayList<>();
        for (int p = 0; p < set.size(); p++) {
            examples.add(new HingeFit.Example(set.get(p).classes(), offsets.get(p), set.get(p).tiers()));
        }
        return HingeFit.fit(examples, rules.fitMargin(), rules.fitL2());
    }

    /** The rm stage's normalised scores of every completion, members averaged. */
    private static List<double[]> rewardModelScores(ChatWorld world, StoredModels models, List<FitSet.Completions> set) {
        List<int[]> promptTokens = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (FitSet.Completions c : set) {
            for (int[] r : c.responses()) {
                promptTokens.add(c.prompt().tokens());
                responses.add(r);
            }
        }
        double[] scores;
        try (RewardEnsemble rm = models.rewardModel(world.settings().rm(), 0)) {
            scores = rm.scores(promptTokens.toArray(int[][]::new), responses.toArray(int[][]::new)).mean();
        }
        List<double[]> out = new ArrayList<>();
        int next = 0;
        for (FitSet.Completions c : set) {
            double[] o = new double[c.responses().length];
            for (int i = 0; i < o.length; i++) {
                o[i] = scores[next++];
            }
            out.add(o);
        }
        return out;
    }

    private static List<double[]> zeros(List<FitSet.Completions> set) {
        return set.stream().map(c -> new double[c.responses().length]).toList();
    }
}
