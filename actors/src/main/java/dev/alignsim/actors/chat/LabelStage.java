package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.labelers.LabelingContext;
import dev.alignsim.policy.eval.PairAccuracy;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code label}: the reference answers each prompt K times; a labeler ranks the answers; every ranking is stored
 * with the gold utility of each answer (for analysis only), the last {@code chat.label.heldout_fraction} of them
 * marked as held out (the rm stage evaluates on them; they are never replayed).
 */
public final class LabelStage extends OneStepStage {

    public LabelStage(StageContext context) {
        super(context);
    }

    @Override
    public StageName name() {
        return StageName.LABEL;
    }

    @Override
    Output step(int index, Map<String, Object> metrics) {
        ChatWorld world = context.world();
        ChatSettings settings = context.settings();
        ChatSettings.LabelSettings ls = settings.label();
        Prompt[] prompts = world.prompts("label/prompts", ls.prompts());
        int[][][] responses;
        try (SequencePolicy reference = context.models().reference()) {
            responses = Sampling.generateK(reference, prompts, ls.k(), ls.temperature(), world.stream("label/generate"));
        }
        List<Comparison> comparisons = new ArrayList<>(ComparisonRecords.rank(index, world, world.population("label"), prompts, responses));
        List<PairAccuracy.Prompt> judged = new ArrayList<>();
        int firstHeldout = prompts.length - ls.heldoutCount(prompts.length);
        double goldSum = 0;
        double lengthSum = 0;
        for (int i = 0; i < prompts.length; i++) {
            Comparison c = comparisons.get(i);
            // Marked where it is stored, so that the ppo stage's replay never trains the reward model on them.
            if (i >= firstHeldout) {
                c = c.toBuilder().setHeldout(true).build();
                comparisons.set(i, c);
            }
            double[] gold = ComparisonRecords.populationGold(c, world.users());
            for (int j = 0; j < ls.k(); j++) {
                goldSum += gold[j];
                lengthSum += LabelingContext.length(responses[i][j]);
            }
            judged.add(new PairAccuracy.Prompt(gold, c.getRankingList().stream().mapToInt(Integer::intValue).toArray(), gold));
        }
        metrics.put("label/comparisons", comparisons.size());
        metrics.put("label/k", ls.k());
        metrics.put("labelers/agreement", PairAccuracy.labelerGoldAgreement(judged, settings.eval().goldThreshold()).accuracy());
        metrics.put("label/gold", goldSum / (prompts.length * (double) ls.k()));
        metrics.put("response/length", lengthSum / (prompts.length * (double) ls.k()));
        return new Output(comparisons, List.of());
    }

    @Override
    String summary(Map<String, Object> m) {
        return String.format(Locale.ROOT, "label: %d comparisons of K=%d; labelers agree with gold on %.1f%% of pairs",
                m.get("label/comparisons"), m.get("label/k"), 100 * (double) m.get("labelers/agreement"));
    }
}
