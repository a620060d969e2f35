package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.methods.BestOfN;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bon}: best-of-n sampling, the method that needs no training (Stiennon et al. 2020; Gao et al. 2023's second
 * curve beside RL's). The SFT reference answers each of ppo-eval's evaluation prompts (the fresh train prompts of
 * {@code eval/prompts} and the unseen ones of {@code eval/unseen}) max(n) times, the rm stage's reward model scores every
 * answer as PPO's reward reads it (its members' normalised scores, averaged), and for each n of {@code chat.bon.n}
 * every prompt keeps the best of its <em>first</em> n answers. The subsets are nested, so the proxy of best-of-n cannot
 * fall as n grows; gold can, and where it turns down while the proxy climbs, selection alone has over-optimised the
 * reward model. KL is not measured but the analytic {@code log n - (n - 1)/n} ({@link BestOfN#kl}); n = 1 is the
 * reference's own answer.
 *
 * <p>Answers come a round at a time, round j one answer per prompt from the stream {@code bon/sample/<j>} (unseen
 * prompts: {@code bon/sample-unseen/<j>}), and each prompt's best so far is kept ({@link BestOfN#keepBest}): memory
 * holds one round and each n's picks whatever max(n) is, and a curve to a larger max(n) passes through every point of
 * a shorter one.
 *
 * <p>Its metrics line holds, for each n, {@code bon/n<n>/gold} and {@code gold_unseen} (with their per-kind and, with
 * several user groups, per-group figures, as {@link GoldReport#putGold} writes them), {@code proxy} and {@code
 * proxy_unseen}, {@code kl}, {@code response_length} (train prompts) and {@code safety_f1_unseen}.
 */
public final class BonStage extends OneStepStage {
    private static final Logger LOG = LoggerFactory.getLogger(BonStage.class);
    private static final int SAMPLE_LINES = 4;

    private final BonSettings settings;

    public BonStage(StageContext context) {
        super(context);
        this.settings = context.settings().bon();
    }

    @Override
    public StageName name() {
        return StageName.BON;
    }

    /** Each n's picks on one side of the split, in {@code chat.bon.n}'s order: the chosen answers and their proxy scores. */
    private record Picks(int[][][] responses, double[][] scores) {}

    @Override
    Output step(int index, Map<String, Object> metrics) {
        ChatWorld world = context.world();
        int promptCount = context.settings().eval().prompts();
        Prompt[] eval = world.prompts("eval/prompts", promptCount);
        Prompt[] unseen = world.unseenPrompts("eval/unseen", promptCount);
        Picks seen;
        Picks unseenPicks;
        try (SequencePolicy reference = context.models().reference();
                RewardEnsemble rewardModel = context.models().rewardModel(context.settings().rm(), 0)) {
            seen = pick(reference, rewardModel, eval, "bon/sample/");
            unseenPicks = pick(reference, rewardModel, unseen, "bon/sample-unseen/");
        }
        metrics.put("bon/prompts", (long) promptCount);
        metrics.put("bon/samples", (long) settings.samples());
        List<Integer> ns = settings.n();
        for (int k = 0; k < ns.size(); k++) {
            int n = ns.get(k);
            String prefix = "bon/n" + n + "/";
            GoldReport.putGold(metrics, prefix + "gold", world, eval, seen.responses()[k]);
            GoldReport.putGold(metrics, prefix + "gold_unseen", world, unseen, unseenPicks.responses()[k]);
            metrics.put(prefix + "proxy", mean(seen.scores()[k]));
            metrics.put(prefix + "proxy_unseen", mean(unseenPicks.scores()[k]));
            metrics.put(prefix + "kl", BestOfN.kl(n));
            metrics.put(prefix + "response_length", GoldReport.meanLength(seen.responses()[k]));
            Double f1 = world.safetyMetrics().of(unseen, unseenPicks.responses()[k], RmStage.UNSEEN).get("safety/f1" + RmStage.UNSEEN);
            if (f1 != null) {
                // Absent when the unseen prompts hold no harmful or no harmless request.
                metrics.put(prefix + "safety_f1_unseen", f1);
            }
        }
        GoldReport.samples(world, eval, seen.responses()[ns.size() - 1], SAMPLE_LINES,
                line -> LOG.info("best of {} sample: {}", settings.samples(), line));
        return new Output(List.of(), List.of());
    }

    /**
     * Samples {@code settings.samples()} rounds of answers to {@code prompts}, round j from the stream {@code stream + j},
     * and keeps each prompt's best so far; after round n - 1 for each n of the curve, the picks are that n's.
     */
    private Picks pick(SequencePolicy reference, RewardEnsemble rewardModel, Prompt[] prompts, String stream) {
        ChatWorld world = context.world();
        int[][] tokens = ChatWorld.tokens(prompts);
        List<Integer> ns = settings.n();
        int[][][] responses = new int[ns.size()][][];
        double[][] scores = new double[ns.size()][];
        double[] best = new double[prompts.length];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        int[][] chosen = new int[prompts.length][];
        int next = 0;
        for (int round = 0; round < settings.samples(); round++) {
            int[][] sampled = Sampling.generate(reference, prompts, settings.temperature(), world.stream(stream + round));
            boolean[] improved = BestOfN.keepBest(best, rewardModel.scores(tokens, sampled).mean());
            for (int i = 0; i < prompts.length; i++) {
                if (improved[i]) {
                    chosen[i] = sampled[i];
                }
            }
            if (round + 1 == ns.get(next)) {
                responses[next] = chosen.clone();
                scores[next] = best.clone();
                LOG.debug("bon: best of {} on {} prompts ({}): proxy {}", ns.get(next), prompts.length, stream, mean(best));
                next++;
            }
        }
        return new Picks(responses, scores);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    @Override
    String summary(Map<String, Object> m) {
        List<Integer> ns = settings.n();
        String first = "bon/n" + ns.get(0) + "/";
        String last = "bon/n" + ns.get(ns.size() - 1) + "/";
        return String.format(Locale.ROOT,
                "bon: best of %d -> %d (KL %.2f -> %.2f nats) on %d prompts: gold %.3f -> %.3f, on unseen prompts %.3f -> %.3f; "
                        + "proxy %.3f -> %.3f",
                ns.get(0), ns.get(ns.size() - 1), m.get(first + "kl"), m.get(last + "kl"), m.get("bon/prompts"), m.get(first + "gold"),
                m.get(last + "gold"), m.get(first + "gold_unseen"), m.get(last + "gold_unseen"), m.get(first + "proxy"), m.get(last + "proxy"));
    }
}
