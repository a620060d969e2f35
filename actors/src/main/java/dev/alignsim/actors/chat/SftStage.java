package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.policy.seq.SftTrainer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sft}: labelers (or the configured demonstrators) write demonstrations, the policy learns them by
 * cross-entropy; the result is stored as the frozen reference. Reports its gold beside a random policy's and the
 * demonstrations' own, on fresh prompts.
 */
public final class SftStage extends OneStepStage {
    private static final Logger LOG = LoggerFactory.getLogger(SftStage.class);
    private static final int SAMPLE_LINES = 4;

    public SftStage(StageContext context) {
        super(context);
    }

    @Override
    public StageName name() {
        return StageName.SFT;
    }

    @Override
    Output step(int index, Map<String, Object> metrics) {
        ChatWorld world = context.world();
        ChatSettings settings = context.settings();
        SequenceModelSpec spec = world.modelSpec();
        Prompt[] prompts = world.prompts("sft/prompts", settings.demonstrations());
        LabelerPopulation population = world.demonstrators("sft");
        int[][] demos = new int[prompts.length][];
        int truncated = 0;
        for (int i = 0; i < prompts.length; i++) {
            int[] demo = population.labelerFor(i).demonstrate(prompts[i]);
            if (demo.length > spec.responseLength()) {
                // The model writes at most response_length tokens: keep the start and end with EOS.
                demo = Arrays.copyOf(demo, spec.responseLength());
                demo[demo.length - 1] = Vocabulary.EOS;
                truncated++;
            }
            demos[i] = demo;
        }
        long seed = world.seed("sft/init");
        try (SequencePolicy policy = new SequencePolicy(spec, context.device(), seed);
                SftTrainer trainer = new SftTrainer(policy, settings.sft(), seed)) {
            SftTrainer.Stats stats = trainer.train(ChatWorld.tokens(prompts), demos);
            metrics.put("sft/demonstrations", prompts.length);
            metrics.put("sft/truncated", truncated);
            metrics.put("sft/loss_first_epoch", stats.epochLoss().get(0));
            metrics.put("sft/loss", stats.finalLoss());
            Prompt[] eval = world.prompts("eval/prompts", settings.eval().prompts());
            int[][] evalDemos = new int[eval.length][];
            LabelerPopulation evalPopulation = world.demonstrators("eval");
            for (int i = 0; i < eval.length; i++) {
                evalDemos[i] = evalPopulation.labelerFor(i).demonstrate(eval[i]);
            }
            metrics.put("sft/gold_demonstrations", GoldReport.meanGold(world, eval, evalDemos));
            int[][] sampled = Sampling.generate(policy, eval, 1.0, world.stream("sft/eval"));
            GoldReport.putGold(metrics, "sft/gold", world, eval, sampled);
            Prompt[] unseen = world.unseenPrompts("eval/unseen", settings.eval().prompts());
            GoldReport.putGold(metrics, "sft/gold_unseen", world, unseen, Sampling.generate(policy, unseen, 1.0, world.stream("sft/eval-unseen")));
            metrics.put("sft/response_length", GoldReport.meanLength(sampled));
            try (SequencePolicy random = new SequencePolicy(spec, context.device(), world.seed("random/init"))) {
                GoldReport.putGold(metrics, "random/gold", world, eval, Sampling.generate(random, eval, 1.0, world.stream("random/eval")));
                GoldReport.putGold(metrics, "random/gold_unseen", world, unseen,
                        Sampling.generate(random, unseen, 1.0, world.stream("random/eval-unseen")));
            }
            GoldReport.samples(world, eval, sampled, SAMPLE_LINES, line -> LOG.info("sft sample: {}", line));
            return new Output(List.of(), List.of(ModelCodec.record(StoredModels.REFERENCE, "reference", spec,
                    policy.weights(settings.sft().epochs()), 0, 1, seed)));
        }
    }

    @Override
    String summary(Map<String, Object> m) {
        return String.format(Locale.ROOT, "sft: loss %.3f; gold %.2f, on unseen prompts %.2f (random policy %.2f / %.2f, demonstrations %.2f)",
                m.get("sft/loss"), m.get("sft/gold"), m.get("sft/gold_unseen"), m.get("random/gold"), m.get("random/gold_unseen"),
                m.get("sft/gold_demonstrations"));
    }
}
