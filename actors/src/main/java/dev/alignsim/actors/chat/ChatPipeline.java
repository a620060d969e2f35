package dev.alignsim.actors.chat;

import ai.djl.Device;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.env.labelers.LabelingContext;
import dev.alignsim.policy.eval.PairAccuracy;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardModel;
import dev.alignsim.policy.rm.RewardTrainer;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.policy.seq.SftTrainer;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.StageCommit;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.StageRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ChatWorld's pipeline before RL: {@code sft} (labelers demonstrate, the policy imitates them; the result is the
 * frozen reference), {@code label} (the reference answers K times per prompt, labelers rank the answers, the
 * rankings are stored with their gold utilities) and {@code rm} (a reward model learns the rankings and is
 * evaluated on held-out ones against the labelers and against gold). Each stage commits everything it produced
 * in one write batch ({@link RunStore#commitStage}); a run that stops between stages resumes at the first stage
 * not stored. Stage i's metrics line is keyed as iteration i.
 */
public final class ChatPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPipeline.class);
    private static final int GENERATION_CHUNK = 1024;
    private static final int SAMPLE_LINES = 4;

    private final ChatWorld world;
    private final ChatSettings settings;
    private final RunStore store;
    private final RunDirectory directory;
    private final Device device;
    private final Consumer<String> console;

    private final dev.alignsim.actors.rlhf.RlhfSettings rlhf;
    private final dev.alignsim.actors.rlhf.FaultInjection faults;

    /** A pipeline that runs no ppo stage (or only evaluates what earlier stages stored). */
    public ChatPipeline(ChatSettings settings, RunStore store, RunDirectory directory, Device device, Consumer<String> console) {
        this(settings, null, dev.alignsim.actors.rlhf.FaultInjection.none(), store, directory, device, console);
    }

    /**
     * @param rlhf the ppo stage's settings (null when the pipeline has no ppo stage)
     * @param faults crashes to inject into role actors (tests); {@link dev.alignsim.actors.rlhf.FaultInjection#none()} otherwise
     */
    public ChatPipeline(ChatSettings settings, dev.alignsim.actors.rlhf.RlhfSettings rlhf, dev.alignsim.actors.rlhf.FaultInjection faults,
            RunStore store, RunDirectory directory, Device device, Consumer<String> console) {
        this.rlhf = rlhf;
        this.faults = faults;
        this.settings = settings;
        this.world = new ChatWorld(settings);
        this.store = store;
        this.directory = directory;
        this.device = device;
        this.console = console;
    }

    /** Runs every stage not stored yet; returns each stage's metrics, stored ones included, in pipeline order. */
    public List<Map<String, Object>> run() {
        List<StageRecord> done = store.stages();
        for (StageRecord r : done) {
            if (r.getIndex() >= settings.pipeline().size() || !settings.pipeline().get(r.getIndex()).configName().equals(r.getStage())) {
                throw new IllegalStateException("the store holds stage " + r.getIndex() + " (" + r.getStage()
                        + ") but the pipeline is " + settings.pipeline());
            }
        }
        rewriteMetricsFromStore();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int index = 0; index < settings.pipeline().size(); index++) {
            StageName stage = settings.pipeline().get(index);
            if (index < done.size()) {
                console.accept("stage " + index + " (" + stage + ") is already stored; skipping it");
                all.add(Map.of("stage", stage.configName()));
                continue;
            }
            if (stage == StageName.PPO) {
                Map<String, Object> summary = ppo(index);
                all.add(summary);
                continue;
            }
            long start = System.nanoTime();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("iteration", (long) index);
            metrics.put("stage", stage.configName());
            StageOutput output = switch (stage) {
                case SFT -> sft(metrics);
                case LABEL -> label(index, metrics);
                case RM -> rm(metrics);
                case PPO -> throw new IllegalStateException("the ppo stage is run above");
            };
            metrics.put("wall_s", (System.nanoTime() - start) / 1e9);
            String json = MetricsLog.format(metrics);
            StageRecord record = StageRecord.newBuilder().setStage(stage.configName()).setIndex(index).setSummaryJson(json).build();
            store.commitStage(new StageCommit(record, index, 0, output.comparisons(), output.models(),
                    MetricsLine.newBuilder().setIteration(index).setJson(json).build()));
            try (MetricsLog log = directory.openMetrics()) {
                log.appendLine(json);
            }
            console.accept(summaryLine(stage.configName(), metrics));
            all.add(metrics);
        }
        return all;
    }

    private record StageOutput(List<Comparison> comparisons, List<ModelRecord> models) {}

    // ---- ppo ----

    /**
     * The RLHF stage on actors; continues after its last checkpoint when the store has one. Its iterations are keyed
     * from iteration {@code index}; when they are done, the reference and the final policy are evaluated on the same
     * held-out prompts (gold, and proxy by the rm stage's reward model) and that summary is committed as the stage's
     * record and last metrics line.
     */
    private Map<String, Object> ppo(int index) {
        if (rlhf == null) {
            throw new IllegalStateException("the pipeline has a ppo stage but this ChatPipeline was given no chat.ppo settings");
        }
        if (!store.complete()) {
            dev.alignsim.actors.rlhf.RlhfRunner.run(world, rlhf, store, directory, device, index, faults);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        long iteration = index + (long) rlhf.iterations();
        metrics.put("iteration", iteration);
        metrics.put("stage", "ppo-eval");
        Prompt[] eval = world.prompts("eval/prompts", settings.eval().prompts());
        int[][] before;
        try (SequencePolicy reference = loadReference()) {
            before = generate(reference, eval, rlhf.ppo().temperature(), "ppo/eval-reference");
        }
        int[][] after;
        try (SequencePolicy policy = new SequencePolicy(world.modelSpec(), device, 0)) {
            long last = store.lastCheckpoint().orElseThrow(() -> new IllegalStateException("the ppo stage stored no checkpoint"));
            policy.load(dev.alignsim.actors.replay.RecordCodec.learner(store.checkpoint(last).getPolicy()).weights());
            after = generate(policy, eval, rlhf.ppo().temperature(), "ppo/eval-policy");
        }
        putGold(metrics, "reference/gold", eval, before);
        putGold(metrics, "final/gold", eval, after);
        metrics.put("reference/proxy", meanProxy(eval, before));
        metrics.put("final/proxy", meanProxy(eval, after));
        metrics.put("reference/response_length", meanLength(before));
        metrics.put("final/response_length", meanLength(after));
        logSamples("final policy", eval, after);
        String json = MetricsLog.format(metrics);
        StageRecord record = StageRecord.newBuilder().setStage("ppo").setIndex(index).setSummaryJson(json).build();
        store.commitStage(new StageCommit(record, iteration, 0, List.of(), List.of(),
                MetricsLine.newBuilder().setIteration(iteration).setJson(json).build()));
        try (MetricsLog log = directory.openMetrics()) {
            log.appendLine(json);
        }
        console.accept(String.format(java.util.Locale.ROOT,
                "ppo: on %d held-out prompts, gold %.3f -> %.3f and proxy %.3f -> %.3f (reference -> final policy)",
                eval.length, metrics.get("reference/gold"), metrics.get("final/gold"), metrics.get("reference/proxy"), metrics.get("final/proxy")));
        return metrics;
    }

    /** Mean normalised score of the rm stage's reward model (its members averaged). */
    private double meanProxy(Prompt[] prompts, int[][] responses) {
        try (RewardEnsemble ensemble = storedRewardModel()) {
            return Arrays.stream(ensemble.scores(ChatWorld.tokens(prompts), responses).mean()).average().orElse(Double.NaN);
        }
    }

    /**
     * The reward model the rm stage stored (members rm/0, rm/1, ...), with their normalisation.
     *
     * @throws IllegalStateException if the store holds none, or its members are not numbered from 0
     */
    private RewardEnsemble storedRewardModel() {
        List<String> names = store.modelNames().stream().filter(n -> n.startsWith("rm/")).toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("the store holds no reward model (models: " + store.modelNames()
                    + "); run a pipeline with the rm stage first");
        }
        dev.alignsim.policy.rm.RewardSettings rm = settings.rm();
        dev.alignsim.policy.rm.RewardSettings sized = new dev.alignsim.policy.rm.RewardSettings(rm.epochs(), rm.batchSize(),
                rm.learningRate(), rm.maxGradNorm(), rm.margin(), names.size(), rm.initFromSft());
        RewardEnsemble ensemble = new RewardEnsemble(world.modelSpec(), sized, device, 0);
        try {
            for (int m = 0; m < names.size(); m++) {
                ModelRecord record = store.model("rm/" + m).orElseThrow(() -> new IllegalStateException(
                        "the store's reward models are not numbered rm/0..: " + names));
                ModelCodec.requireShape(record, world.modelSpec());
                RewardModel member = ensemble.members().get(m);
                member.load(ModelCodec.weights(record));
                member.setNormalisation(record.getScoreOffset(), record.getScoreScale());
            }
            return ensemble;
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }

    // ---- sft ----

    private StageOutput sft(Map<String, Object> metrics) {
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
                demo[demo.length - 1] = dev.alignsim.env.chat.Vocabulary.EOS;
                truncated++;
            }
            demos[i] = demo;
        }
        long seed = world.seed("sft/init");
        try (SequencePolicy policy = new SequencePolicy(spec, device, seed);
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
            metrics.put("sft/gold_demonstrations", meanGold(eval, evalDemos));
            int[][] sampled = generate(policy, eval, 1.0, "sft/eval");
            putGold(metrics, "sft/gold", eval, sampled);
            metrics.put("sft/response_length", meanLength(sampled));
            try (SequencePolicy random = new SequencePolicy(spec, device, world.seed("random/init"))) {
                putGold(metrics, "random/gold", eval, generate(random, eval, 1.0, "random/eval"));
            }
            logSamples("sft", eval, sampled);
            ModelRecord model = ModelCodec.record("sft", "reference", spec, policy.weights(settings.sft().epochs()), 0, 1, seed);
            return new StageOutput(List.of(), List.of(model));
        }
    }

    // ---- label ----

    private StageOutput label(int iteration, Map<String, Object> metrics) {
        ChatSettings.LabelSettings ls = settings.label();
        Prompt[] prompts = world.prompts("label/prompts", ls.prompts());
        int[][][] responses;
        try (SequencePolicy reference = loadReference()) {
            responses = generateK(reference, prompts, ls.k(), ls.temperature(), "label/generate");
        }
        LabelerPopulation population = world.population("label");
        List<Comparison> comparisons = new ArrayList<>(prompts.length);
        List<PairAccuracy.Prompt> judged = new ArrayList<>();
        double goldSum = 0;
        double lengthSum = 0;
        for (int i = 0; i < prompts.length; i++) {
            Labeler labeler = population.labelerFor(i);
            long before = labeler.labelsGiven();
            int[] ranking = labeler.rank(prompts[i], responses[i]);
            Comparison c = ComparisonRecords.of(iteration, labeler.id(), settings.strategyOf(labeler.id()), before, prompts[i],
                    responses[i], ranking, world.gold());
            double[] gold = ComparisonRecords.goldTotals(c);
            for (int j = 0; j < ls.k(); j++) {
                goldSum += gold[j];
                lengthSum += LabelingContext.length(responses[i][j]);
            }
            comparisons.add(c);
            judged.add(new PairAccuracy.Prompt(gold, ranking, gold));
        }
        metrics.put("label/comparisons", comparisons.size());
        metrics.put("label/k", ls.k());
        metrics.put("labelers/agreement", PairAccuracy.labelerGoldAgreement(judged, settings.eval().goldThreshold()).accuracy());
        metrics.put("label/gold", goldSum / (prompts.length * (double) ls.k()));
        metrics.put("response/length", lengthSum / (prompts.length * (double) ls.k()));
        return new StageOutput(comparisons, List.of());
    }

    // ---- rm ----

    private StageOutput rm(Map<String, Object> metrics) {
        long labelIteration = settings.pipeline().indexOf(StageName.LABEL);
        List<Comparison> all = store.comparisons().range(labelIteration, labelIteration);
        if (all.size() < 2) {
            throw new IllegalStateException("the reward model needs at least 2 stored comparisons, the store holds " + all.size());
        }
        int heldout = Math.max(1, (int) Math.ceil(all.size() * settings.label().heldoutFraction()));
        List<Comparison> train = all.subList(0, all.size() - heldout);
        List<Comparison> test = all.subList(all.size() - heldout, all.size());
        SequenceModelSpec spec = world.modelSpec();
        long seed = world.seed("rm/init");
        try (RewardEnsemble ensemble = new RewardEnsemble(spec, settings.rm(), device, seed)) {
            if (settings.rm().initFromSft()) {
                ensemble.startFrom(ModelCodec.weights(referenceRecord()));
            }
            List<RewardTrainer.Stats> stats = ensemble.train(toRanked(train));
            metrics.put("rm/train_comparisons", train.size());
            metrics.put("rm/loss", stats.stream().mapToDouble(RewardTrainer.Stats::finalLoss).average().orElseThrow());
            metrics.put("rm/accuracy_train", stats.stream().mapToDouble(RewardTrainer.Stats::finalPairAccuracy).average().orElseThrow());
            Prompt[] eval = world.prompts("eval/prompts", settings.eval().prompts());
            int[][] referenceResponses;
            try (SequencePolicy reference = loadReference()) {
                referenceResponses = generate(reference, eval, 1.0, "rm/normalise");
            }
            ensemble.normaliseAgainst(ChatWorld.tokens(eval), referenceResponses);
            metrics.putAll(RewardEvaluation.of(test, ensemble, settings.eval().goldThreshold()).metrics());
            List<ModelRecord> models = new ArrayList<>();
            List<RewardModel> members = ensemble.members();
            for (int m = 0; m < members.size(); m++) {
                RewardModel member = members.get(m);
                models.add(ModelCodec.record("rm/" + m, "reward", spec, member.weights(settings.rm().epochs()), member.scoreOffset(),
                        member.scoreScale(), seed));
            }
            return new StageOutput(List.of(), models);
        }
    }

    /** Stored comparisons as reward-model training examples (gold is dropped: the reward model never sees it). */
    public static List<RankedResponses> toRanked(List<Comparison> comparisons) {
        List<RankedResponses> out = new ArrayList<>(comparisons.size());
        for (Comparison c : comparisons) {
            int[] prompt = c.getPromptTokensList().stream().mapToInt(Integer::intValue).toArray();
            int[][] responses = c.getResponsesList().stream()
                    .map(r -> r.getTokensList().stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            out.add(new RankedResponses(prompt, responses, c.getRankingList().stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }

    /**
     * Evaluates the stored reward model on the stored held-out comparisons, as the rm stage did, with a gold
     * threshold of the caller's choice.
     *
     * @throws IllegalStateException if the store holds no reward model or no comparisons
     */
    public RewardEvaluation evaluateStoredRewardModel(double goldThreshold) {
        long labelIteration = settings.pipeline().indexOf(StageName.LABEL);
        List<Comparison> all = labelIteration < 0 ? List.of() : store.comparisons().range(labelIteration, labelIteration);
        try (RewardEnsemble ensemble = storedRewardModel()) {
            if (all.isEmpty()) {
                throw new IllegalStateException("the store holds no comparisons to evaluate on");
            }
            int heldout = Math.max(1, (int) Math.ceil(all.size() * settings.label().heldoutFraction()));
            return RewardEvaluation.of(all.subList(all.size() - heldout, all.size()), ensemble, goldThreshold);
        }
    }

    // ---- shared ----

    private ModelRecord referenceRecord() {
        ModelRecord record = store.model("sft").orElseThrow(() -> new IllegalStateException(
                "the store holds no SFT model; the pipeline must run sft before " + settings.pipeline()));
        ModelCodec.requireShape(record, world.modelSpec());
        return record;
    }

    private SequencePolicy loadReference() {
        SequencePolicy policy = new SequencePolicy(world.modelSpec(), device, 0);
        policy.load(ModelCodec.weights(referenceRecord()));
        return policy;
    }

    private int[][] generate(SequencePolicy policy, Prompt[] prompts, double temperature, String stream) {
        dev.alignsim.env.Rng rng = world.stream(stream);
        int[][] tokens = ChatWorld.tokens(prompts);
        int[][] out = new int[prompts.length][];
        for (int start = 0; start < tokens.length; start += GENERATION_CHUNK) {
            int end = Math.min(tokens.length, start + GENERATION_CHUNK);
            int[][] responses = policy.generate(Arrays.copyOfRange(tokens, start, end), temperature, rng).responses();
            System.arraycopy(responses, 0, out, start, responses.length);
        }
        return out;
    }

    private int[][][] generateK(SequencePolicy policy, Prompt[] prompts, int k, double temperature, String stream) {
        Prompt[] repeated = new Prompt[prompts.length * k];
        for (int i = 0; i < prompts.length; i++) {
            Arrays.fill(repeated, i * k, (i + 1) * k, prompts[i]);
        }
        int[][] flat = generate(policy, repeated, temperature, stream);
        int[][][] out = new int[prompts.length][k][];
        for (int i = 0; i < prompts.length; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = flat[i * k + j];
            }
        }
        return out;
    }

    private double meanGold(Prompt[] prompts, int[][] responses) {
        double sum = 0;
        for (int i = 0; i < prompts.length; i++) {
            sum += world.gold().score(prompts[i], responses[i]).total();
        }
        return sum / prompts.length;
    }

    /** Mean gold, and mean gold per prompt kind ({@code prefix/task}, ...). */
    private void putGold(Map<String, Object> metrics, String prefix, Prompt[] prompts, int[][] responses) {
        metrics.put(prefix, meanGold(prompts, responses));
        Map<PromptKind, double[]> byKind = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < prompts.length; i++) {
            double[] s = byKind.computeIfAbsent(prompts[i].kind(), k -> new double[2]);
            s[0] += world.gold().score(prompts[i], responses[i]).total();
            s[1]++;
        }
        byKind.forEach((kind, s) -> metrics.put(prefix + "/" + kind.name().toLowerCase(java.util.Locale.ROOT), s[0] / s[1]));
    }

    private static double meanLength(int[][] responses) {
        return Arrays.stream(responses).mapToInt(LabelingContext::length).average().orElse(0);
    }

    private void logSamples(String stage, Prompt[] prompts, int[][] responses) {
        for (int i = 0; i < Math.min(SAMPLE_LINES, prompts.length); i++) {
            LOG.info("{} sample: {}  (gold {})", stage, world.rendering().render(prompts[i], responses[i]),
                    String.format(java.util.Locale.ROOT, "%.2f", world.gold().score(prompts[i], responses[i]).total()));
        }
    }

    private void rewriteMetricsFromStore() {
        List<String> lines = new ArrayList<>();
        for (MetricsLine line : store.metricsThrough(Long.MAX_VALUE - 1)) {
            lines.add(line.getJson());
        }
        directory.rewriteMetrics(lines);
    }

    private static String summaryLine(String stage, Map<String, Object> m) {
        return switch (stage) {
            case "sft" -> String.format(java.util.Locale.ROOT,
                    "sft: loss %.3f; gold %.2f (random policy %.2f, demonstrations %.2f)", m.get("sft/loss"), m.get("sft/gold"),
                    m.get("random/gold"), m.get("sft/gold_demonstrations"));
            case "label" -> String.format(java.util.Locale.ROOT, "label: %d comparisons of K=%d; labelers agree with gold on %.1f%% of pairs",
                    m.get("label/comparisons"), m.get("label/k"), 100 * (double) m.get("labelers/agreement"));
            case "rm" -> String.format(java.util.Locale.ROOT,
                    "rm: held-out accuracy %.1f%% (labelers' pairs), %.1f%% (gold pairs; labelers %.1f%%); corr with gold %.2f, with length %.2f (gold's %.2f)",
                    100 * (double) m.get("rm/accuracy_heldout"), 100 * (double) m.get("rm/accuracy_gold"),
                    100 * (double) m.get("labelers/agreement"), m.get("rm/corr_gold"), m.get("rm/corr_length"), m.get("gold/corr_length"));
            default -> stage;
        };
    }
}
