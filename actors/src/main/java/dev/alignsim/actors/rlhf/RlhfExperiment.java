package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.ComparisonRecords;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.env.labelers.LabelingContext;
import dev.alignsim.policy.eval.PairAccuracy;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.KlController;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.rlhf.TokenAdvantages;
import dev.alignsim.policy.rm.RankedResponses;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.ChatResponseCodec;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.proto.RlhfState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of ChatWorld's RLHF stage. One iteration: sample prompts (PromptRunner) → generate (Policy) →
 * reference log-probs, reward-model scores and critic values, in parallel → per-token rewards with the KL
 * penalty, GAE (γ, λ) and advantage whitening → PPO on policy and critic, in parallel → every {@code labelEvery}
 * iterations a labeling round (K responses for each of M prompts, ranked by the Labeler actors, the reward
 * model measured on them and then trained on them plus replayed comparisons) → the KL controller → metrics →
 * one atomic commit through Replay (experience, comparisons, metrics line, checkpoint when due).
 *
 * <p>The whole iteration is one chain of asks composed as futures; the actor's own state (iteration number, β)
 * changes only in its message handlers. Requests to the critic, the reward model and the labelers are retried
 * after a timeout or an error: their supervisors restart them from the last checkpoint.
 */
public final class RlhfExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(RlhfExperiment.class);
    private static final int SAMPLE_LINES = 3;

    public sealed interface Command {}

    private record Next() implements Command {}

    private record IterationDone(Outcome outcome) implements Command {}

    private record Committed(Outcome outcome, double seconds) implements Command {}

    private record Failed(Throwable cause) implements Command {}

    /** The role actors an experiment talks to. */
    public record Roles(ActorRef<PromptRunner.Command> prompts, ActorRef<PolicyRole.Command> policy,
            ActorRef<ReferenceRole.Command> reference, ActorRef<CriticRole.Command> critic,
            ActorRef<RewardModelRole.Command> rewardModel, Map<String, ActorRef<LabelerRole.Command>> labelers,
            ActorRef<Replay.Command> replay) {}

    /** What one iteration produced, ready to commit. */
    private record Outcome(int index, Map<String, Object> metrics, RunStore.IterationRecords records, double nextBeta,
            Checkpoint checkpoint) {}

    /** How the run ended: each iteration's metrics, in order. */
    public record Summary(List<Map<String, Object>> metrics) {}

    private final ActorContext<Command> context;
    private final ChatWorld world;
    private final RlhfSettings settings;
    private final Roles roles;
    private final RunDirectory directory;
    private final LastCheckpoint lastCheckpoint;
    private final LabelerPopulation assignment;
    private final long base;
    private final int labelK;
    private final double goldThreshold;
    private final double[] scoreOffsets;
    private final double[] scoreScales;
    private final CompletableFuture<Summary> done;
    private final List<Map<String, Object>> history = new ArrayList<>();
    private double beta;
    private int index;
    /** How long the previous iteration's commit took; a line is written before its own commit, so it reports the one before. */
    private double previousCommitSeconds = Double.NaN;

    private RlhfExperiment(ActorContext<Command> context, ChatWorld world, RlhfSettings settings, Roles roles, RunDirectory directory,
            LastCheckpoint lastCheckpoint, long base, int startIndex, double beta, double[] scoreOffsets, double[] scoreScales,
            CompletableFuture<Summary> done) {
        this.context = context;
        this.world = world;
        this.settings = settings;
        this.roles = roles;
        this.directory = directory;
        this.lastCheckpoint = lastCheckpoint;
        this.assignment = world.population("ppo");
        this.base = base;
        this.labelK = world.settings().label().k();
        this.goldThreshold = world.settings().eval().goldThreshold();
        this.scoreOffsets = scoreOffsets.clone();
        this.scoreScales = scoreScales.clone();
        this.done = done;
        this.index = startIndex;
        this.beta = beta;
    }

    /**
     * @param base the store iteration of PPO iteration 0 (iterations before it belong to earlier stages)
     * @param startIndex the first PPO iteration to run (after a checkpoint: the one after it)
     * @param beta the KL coefficient to start with
     */
    public static Behavior<Command> create(ChatWorld world, RlhfSettings settings, Roles roles, RunDirectory directory,
            LastCheckpoint lastCheckpoint, long base, int startIndex, double beta, double[] scoreOffsets, double[] scoreScales,
            CompletableFuture<Summary> done) {
        return Behaviors.setup(context -> {
            RlhfExperiment experiment = new RlhfExperiment(context, world, settings, roles, directory, lastCheckpoint, base, startIndex,
                    beta, scoreOffsets, scoreScales, done);
            context.getSelf().tell(new Next());
            return experiment.behavior();
        });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Next.class, m -> onNext())
                .onMessage(IterationDone.class, this::onIterationDone)
                .onMessage(Committed.class, this::onCommitted)
                .onMessage(Failed.class, this::onFailed)
                .build();
    }

    private Behavior<Command> onNext() {
        if (index >= settings.iterations()) {
            done.complete(new Summary(List.copyOf(history)));
            return Behaviors.stopped();
        }
        context.pipeToSelf(iteration(index, beta, previousCommitSeconds), (outcome, error) -> error != null ? new Failed(error) : new IterationDone(outcome));
        return Behaviors.same();
    }

    private Behavior<Command> onIterationDone(IterationDone m) {
        Outcome outcome = m.outcome();
        long commitStart = System.nanoTime();
        CompletionStage<Replay.Reply> commit = AskPattern.ask(roles.replay(), replyTo -> new Replay.Commit(outcome.records(), replyTo),
                settings.askTimeout().multipliedBy(4), context.getSystem().scheduler());
        context.pipeToSelf(commit, (reply, error) -> {
            if (error != null) {
                return new Failed(error);
            }
            if (reply instanceof Replay.CommitFailed failed) {
                return new Failed(new IllegalStateException("commit of iteration " + failed.iteration() + " failed: " + failed.reason()));
            }
            return new Committed(outcome, (System.nanoTime() - commitStart) / 1e9);
        });
        return Behaviors.same();
    }

    private Behavior<Command> onCommitted(Committed m) {
        Outcome outcome = m.outcome();
        previousCommitSeconds = m.seconds();
        if (outcome.checkpoint() != null) {
            lastCheckpoint.set(outcome.checkpoint());
        }
        beta = outcome.nextBeta();
        try (MetricsLog log = directory.openMetrics()) {
            log.appendLine(outcome.records().metrics().getJson());
        }
        history.add(outcome.metrics());
        Map<String, Object> x = outcome.metrics();
        LOG.info(String.format(Locale.ROOT, "ppo %d/%d: gold %.3f, proxy %.3f, kl %.3f (beta %.4f), length %.2f, %.0f tokens/s",
                outcome.index() + 1, settings.iterations(), x.get("objective/gold"), x.get("objective/proxy"), x.get("objective/kl"),
                x.get("objective/kl_coef"), x.get("response/length"), x.get("perf/tokens_per_s")));
        index++;
        context.getSelf().tell(new Next());
        return Behaviors.same();
    }

    private Behavior<Command> onFailed(Failed m) {
        Throwable cause = m.cause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : m.cause();
        done.completeExceptionally(new IllegalStateException("RLHF iteration " + (index + 1) + " failed: " + cause.getMessage(), cause));
        return Behaviors.stopped();
    }

    // ---- one iteration, as a chain of asks ----

    private record Rollout(Prompt[] prompts, int[][] promptTokens, SequencePolicy.Generation generation, float[] reference,
            RewardEnsemble.Scores scores, float[] values, long generateNanos, long scoreNanos) {}

    private CompletableFuture<Outcome> iteration(int i, double beta, double previousCommit) {
        long key = base + i;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iteration", key);
        metrics.put("stage", "ppo");
        metrics.put("ppo/iteration", (long) i + 1);
        if (!Double.isNaN(previousCommit)) {
            metrics.put("perf/previous_commit_s", previousCommit);
        }
        long start = System.nanoTime();
        return this.<PromptRunner.Command, Prompt[]>ask(roles.prompts(), r -> new PromptRunner.Sample(settings.batchPrompts(), r), 1)
                .thenCompose(prompts -> {
                    int[][] tokens = ChatWorld.tokens(prompts);
                    long seed = world.seed("ppo/generate/" + i);
                    return this.<PolicyRole.Command, SequencePolicy.Generation>ask(roles.policy(), r -> new PolicyRole.Generate(tokens, seed, r), 1)
                            .thenCompose(generation -> score(prompts, tokens, generation, start));
                })
                .thenCompose(rollout -> train(i, key, beta, rollout, metrics))
                .thenCompose(trained -> labelRound(i, key, metrics).thenApply(comparisons -> {
                    trained.comparisons = comparisons;
                    return trained;
                }))
                .thenCompose(trained -> finish(i, key, beta, trained, metrics, start));
    }

    private CompletableFuture<Rollout> score(Prompt[] prompts, int[][] tokens, SequencePolicy.Generation generation, long start) {
        long generated = System.nanoTime();
        int[][] responses = generation.responses();
        CompletableFuture<float[]> reference = this.<ReferenceRole.Command, float[]>ask(roles.reference(), r -> new ReferenceRole.LogProbs(tokens, responses, r), 1);
        CompletableFuture<RewardEnsemble.Scores> scores = this.<RewardModelRole.Command, RewardEnsemble.Scores>ask(roles.rewardModel(), r -> new RewardModelRole.Score(tokens, responses, r),
                settings.maxAttempts());
        CompletableFuture<float[]> values = this.<CriticRole.Command, float[]>ask(roles.critic(), r -> new CriticRole.Values(tokens, responses, r), settings.maxAttempts());
        return CompletableFuture.allOf(reference, scores, values).thenApply(v -> new Rollout(prompts, tokens, generation, reference.join(),
                scores.join(), values.join(), generated - start, System.nanoTime() - generated));
    }

    /** The rollout turned into PPO's batch, and both learners' updates. */
    private static final class Trained {
        Rollout rollout;
        ResponseBatch batch;
        float[] rewards;
        double[] sequenceKl;
        SequencePolicyLearner.Stats policy;
        SequenceCriticLearner.Stats critic;
        long trainNanos;
        List<Comparison> comparisons = List.of();
    }

    private CompletableFuture<Trained> train(int i, long key, double beta, Rollout rollout, Map<String, Object> metrics) {
        int width = world.modelSpec().responseLength();
        int[][] responses = rollout.generation().responses();
        int[] lengths = Arrays.stream(responses).mapToInt(r -> r.length).toArray();
        float[] logProbs = rollout.generation().logProbs();
        float[] rewards = TokenAdvantages.rewards(logProbs, rollout.reference(), rollout.scores().mean(), lengths, width, beta);
        TokenAdvantages.Estimates estimates = TokenAdvantages.gae(rewards, rollout.values(), lengths, width, settings.ppo().gamma(),
                settings.ppo().gaeLambda());
        float[] values = masked(rollout.values(), lengths, width);
        ResponseBatch batch = new ResponseBatch(rollout.promptTokens(), responses, logProbs, values,
                TokenAdvantages.whiten(estimates.advantages(), lengths, width), estimates.returns());
        Trained t = new Trained();
        t.rollout = rollout;
        t.batch = batch;
        t.rewards = rewards;
        t.sequenceKl = TokenAdvantages.sequenceKl(logProbs, rollout.reference(), lengths, width);
        long start = System.nanoTime();
        CompletableFuture<SequencePolicyLearner.Stats> policy = this.<PolicyRole.Command, SequencePolicyLearner.Stats>ask(roles.policy(), r -> new PolicyRole.Train(batch, r), 1);
        CompletableFuture<SequenceCriticLearner.Stats> critic = this.<CriticRole.Command, SequenceCriticLearner.Stats>ask(roles.critic(), r -> new CriticRole.Train(batch, r), settings.maxAttempts());
        return CompletableFuture.allOf(policy, critic).thenApply(v -> {
            t.policy = policy.join();
            t.critic = critic.join();
            t.trainNanos = System.nanoTime() - start;
            return t;
        });
    }

    /** Every labelEvery iterations: K responses for each of M prompts, ranked by the labelers, the reward model measured then trained. */
    private CompletableFuture<List<Comparison>> labelRound(int i, long key, Map<String, Object> metrics) {
        if (settings.labelEvery() == 0 || (i + 1) % settings.labelEvery() != 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        long start = System.nanoTime();
        int round = (i + 1) / settings.labelEvery();
        return this.<PromptRunner.Command, Prompt[]>ask(roles.prompts(), r -> new PromptRunner.Sample(settings.labelPrompts(), r), 1).thenCompose(prompts -> {
            int[][] repeated = new int[prompts.length * labelK][];
            for (int p = 0; p < prompts.length; p++) {
                Arrays.fill(repeated, p * labelK, (p + 1) * labelK, prompts[p].tokens());
            }
            long seed = world.seed("ppo/label-generate/" + i);
            return this.<PolicyRole.Command, SequencePolicy.Generation>ask(roles.policy(), r -> new PolicyRole.Generate(repeated, seed, r), 1).thenCompose(generation -> {
                int[][][] responses = new int[prompts.length][labelK][];
                for (int p = 0; p < prompts.length; p++) {
                    for (int j = 0; j < labelK; j++) {
                        responses[p][j] = generation.responses()[p * labelK + j];
                    }
                }
                Map<String, List<LabelerRole.Task>> byLabeler = new TreeMap<>();
                for (int p = 0; p < prompts.length; p++) {
                    long globalIndex = (long) round * settings.labelPrompts() + p;
                    String id = assignment.labelerFor(globalIndex).id();
                    byLabeler.computeIfAbsent(id, x -> new ArrayList<>()).add(new LabelerRole.Task(p, prompts[p], responses[p]));
                }
                List<CompletableFuture<List<LabelerRole.Ranked>>> asks = new ArrayList<>();
                List<String> ids = new ArrayList<>(byLabeler.keySet());
                for (String id : ids) {
                    List<LabelerRole.Task> tasks = byLabeler.get(id);
                    asks.add(this.<LabelerRole.Command, List<LabelerRole.Ranked>>ask(roles.labelers().get(id), r -> new LabelerRole.Rank(tasks, r), settings.maxAttempts()));
                }
                CompletableFuture<RewardEnsemble.Scores> before = this.<RewardModelRole.Command, RewardEnsemble.Scores>ask(roles.rewardModel(), r -> new RewardModelRole.Score(repeated, generation.responses(), r), settings.maxAttempts());
                return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenCombine(before, (v, scores) -> {
                    LabelerRole.Ranked[] ranked = new LabelerRole.Ranked[prompts.length];
                    String[] who = new String[prompts.length];
                    for (int a = 0; a < asks.size(); a++) {
                        for (LabelerRole.Ranked r : asks.get(a).join()) {
                            ranked[r.index()] = r;
                            who[r.index()] = ids.get(a);
                        }
                    }
                    return comparisons(key, prompts, responses, ranked, who, scores.mean(), metrics);
                });
            });
        }).thenCompose(comparisons -> replayAndTrain(key, comparisons, metrics, start));
    }

    private List<Comparison> comparisons(long key, Prompt[] prompts, int[][][] responses, LabelerRole.Ranked[] ranked, String[] who,
            double[] scores, Map<String, Object> metrics) {
        List<Comparison> out = new ArrayList<>(prompts.length);
        List<PairAccuracy.Prompt> judged = new ArrayList<>(prompts.length);
        for (int p = 0; p < prompts.length; p++) {
            Comparison c = ComparisonRecords.of(key, who[p], world.settings().strategyOf(who[p]), ranked[p].labelsGivenBefore(),
                    prompts[p], responses[p], ranked[p].ranking(), world.gold());
            out.add(c);
            judged.add(new PairAccuracy.Prompt(Arrays.copyOfRange(scores, p * labelK, (p + 1) * labelK), ranked[p].ranking(),
                    ComparisonRecords.goldTotals(c)));
        }
        // Measured before the reward model trains on them: these comparisons are held out from it.
        metrics.put("rm/accuracy_heldout", PairAccuracy.labelerPairAccuracy(judged).accuracy());
        metrics.put("rm/accuracy_gold", PairAccuracy.goldPairAccuracy(judged, goldThreshold).accuracy());
        metrics.put("labelers/agreement", PairAccuracy.labelerGoldAgreement(judged, goldThreshold).accuracy());
        metrics.put("label/comparisons", out.size());
        return out;
    }

    private CompletableFuture<List<Comparison>> replayAndTrain(long key, List<Comparison> fresh, Map<String, Object> metrics, long start) {
        CompletableFuture<List<Comparison>> replayed = settings.rmReplay() == 0
                ? CompletableFuture.completedFuture(List.of())
                : this.<Replay.Command, List<Comparison>>ask(roles.replay(), r -> new Replay.SampleComparisons(settings.rmReplay(), world.seed("ppo/replay/" + key), 0, key - 1, r), 1);
        return replayed.thenCompose(old -> {
            List<Comparison> all = new ArrayList<>(fresh);
            all.addAll(old);
            List<RankedResponses> rankings = dev.alignsim.actors.chat.ChatPipeline.toRanked(all);
            return this.<RewardModelRole.Command, Double>ask(roles.rewardModel(), r -> new RewardModelRole.Train(rankings, r), settings.maxAttempts()).thenApply(loss -> {
                metrics.put("rm/loss", loss);
                metrics.put("rm/replayed", old.size());
                metrics.put("perf/label_s", (System.nanoTime() - start) / 1e9);
                return fresh;
            });
        });
    }

    private CompletableFuture<Outcome> finish(int i, long key, double beta, Trained t, Map<String, Object> metrics, long start) {
        Rollout rollout = t.rollout;
        int width = world.modelSpec().responseLength();
        int[][] responses = rollout.generation().responses();
        int n = responses.length;
        double gold = 0;
        double length = 0;
        double entropy = 0;
        long tokens = 0;
        Map<String, double[]> byKind = new TreeMap<>();
        for (int b = 0; b < n; b++) {
            double g = world.gold().score(rollout.prompts()[b], responses[b]).total();
            gold += g;
            byKind.computeIfAbsent(rollout.prompts()[b].kind().name().toLowerCase(Locale.ROOT), k -> new double[2])[0] += g;
            byKind.get(rollout.prompts()[b].kind().name().toLowerCase(Locale.ROOT))[1]++;
            length += LabelingContext.length(responses[b]);
            for (int j = 0; j < responses[b].length; j++) {
                entropy -= rollout.generation().logProb(b, j);
            }
            tokens += responses[b].length;
        }
        double meanKl = Arrays.stream(t.sequenceKl).average().orElse(0);
        double proxy = Arrays.stream(rollout.scores().mean()).average().orElse(0);
        metrics.put("objective/gold", gold / n);
        metrics.put("objective/proxy", proxy);
        metrics.put("objective/kl", meanKl);
        metrics.put("objective/kl_coef", beta);
        metrics.put("objective/rlhf_reward", proxy - beta * meanKl);
        metrics.put("objective/entropy", entropy / n);
        byKind.forEach((kind, s) -> metrics.put("objective/gold/" + kind, s[0] / s[1]));
        metrics.put("rm/spread", Arrays.stream(rollout.scores().spread()).average().orElse(0));
        metrics.put("policy/loss", t.policy.loss());
        metrics.put("policy/approx_kl", t.policy.approxKl());
        metrics.put("policy/clipfrac", t.policy.clipFraction());
        metrics.put("policy/entropy", t.policy.entropy());
        metrics.put("value/loss", t.critic.loss());
        metrics.put("value/clipfrac", t.critic.clipFraction());
        metrics.put("value/explained_variance", explainedVariance(t.batch, responses, width));
        metrics.put("response/length", length / n);
        double wall = (System.nanoTime() - start) / 1e9;
        metrics.put("perf/generate_s", rollout.generateNanos() / 1e9);
        metrics.put("perf/score_s", rollout.scoreNanos() / 1e9);
        metrics.put("perf/train_s", t.trainNanos / 1e9);
        metrics.put("perf/tokens_per_s", tokens / (rollout.generateNanos() / 1e9));
        metrics.put("perf/trained_tokens_per_s", tokens * settings.ppo().updateEpochs() / (t.trainNanos / 1e9));
        metrics.put("perf/iteration_s", wall);
        if (settings.sampleEvery() > 0 && (i + 1) % settings.sampleEvery() == 0) {
            for (int b = 0; b < Math.min(SAMPLE_LINES, n); b++) {
                LOG.info("ppo {} sample: {}  (gold {}, proxy {})", i + 1, world.rendering().render(rollout.prompts()[b], responses[b]),
                        String.format(Locale.ROOT, "%.2f", world.gold().score(rollout.prompts()[b], responses[b]).total()),
                        String.format(Locale.ROOT, "%.2f", rollout.scores().mean()[b]));
            }
        }
        // The coordinator keeps beta itself; a controller at this iteration's beta gives the next one.
        KlController controller = settings.adaptiveKl() ? KlController.adaptive(beta, settings.klTarget(), settings.klHorizon())
                : KlController.fixed(beta);
        controller.update(meanKl, n);
        double nextBeta = controller.beta();
        boolean last = i == settings.iterations() - 1;
        boolean checkpointDue = last || (i + 1) % settings.checkpointEvery() == 0;
        ChatResponses experience = experience(key, t, width);
        CompletableFuture<Checkpoint> checkpoint = checkpointDue ? checkpoint(key, nextBeta) : CompletableFuture.completedFuture(null);
        return checkpoint.thenApply(c -> {
            metrics.put("wall_s", (System.nanoTime() - start) / 1e9);
            String json = MetricsLog.format(metrics);
            MetricsLine line = MetricsLine.newBuilder().setIteration(key).setJson(json).build();
            return new Outcome(i, metrics, new RunStore.IterationRecords(key, List.of(), line, c, last, t.comparisons, List.of(experience)),
                    nextBeta, c);
        });
    }

    private CompletableFuture<Checkpoint> checkpoint(long key, double beta) {
        CompletableFuture<LearnerSnapshot> policy = this.<PolicyRole.Command, LearnerSnapshot>ask(roles.policy(), PolicyRole.Snapshot::new, 1);
        CompletableFuture<LearnerSnapshot> critic = this.<CriticRole.Command, LearnerSnapshot>ask(roles.critic(), CriticRole.Snapshot::new, settings.maxAttempts());
        CompletableFuture<List<LearnerSnapshot>> rm = this.<RewardModelRole.Command, List<LearnerSnapshot>>ask(roles.rewardModel(), r -> new RewardModelRole.Snapshot(key, r), settings.maxAttempts());
        CompletableFuture<long[]> promptRng = this.<PromptRunner.Command, long[]>ask(roles.prompts(), PromptRunner.Snapshot::new, 1);
        List<CompletableFuture<LabelerState>> labelers = new ArrayList<>();
        for (ActorRef<LabelerRole.Command> labeler : roles.labelers().values()) {
            labelers.add(this.<LabelerRole.Command, LabelerState>ask(labeler, LabelerRole.Snapshot::new, settings.maxAttempts()));
        }
        List<CompletableFuture<?>> all = new ArrayList<>(List.of(policy, critic, rm, promptRng));
        all.addAll(labelers);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            RlhfState.Builder state = RlhfState.newBuilder().setKlCoef(beta);
            for (LearnerSnapshot s : rm.join()) {
                state.addRewardModels(RecordCodec.learner(s));
            }
            for (CompletableFuture<LabelerState> l : labelers) {
                state.addLabelers(l.join());
            }
            for (long word : promptRng.join()) {
                state.addPromptRng(word);
            }
            for (int m = 0; m < scoreOffsets.length; m++) {
                state.addScoreOffsets(scoreOffsets[m]).addScoreScales(scoreScales[m]);
            }
            return Checkpoint.newBuilder().setIteration(key).setPolicy(RecordCodec.learner(policy.join()))
                    .setCritic(RecordCodec.learner(critic.join())).setRlhf(state).build();
        });
    }

    /** The iteration's responses as the store keeps them. */
    private ChatResponses experience(long key, Trained t, int width) {
        return ChatResponseCodec.encode(key, width, t.batch.prompts(), t.batch.responses(), t.batch.oldLogProbs(),
                t.batch.oldValues(), t.rewards, t.batch.advantages(), t.batch.returns());
    }

    private static double explainedVariance(ResponseBatch batch, int[][] responses, int width) {
        double sumR = 0;
        double sumR2 = 0;
        double sumD = 0;
        double sumD2 = 0;
        long n = 0;
        for (int b = 0; b < responses.length; b++) {
            for (int j = 0; j < responses[b].length; j++) {
                double ret = batch.returns()[b * width + j];
                double diff = ret - batch.oldValues()[b * width + j];
                sumR += ret;
                sumR2 += ret * ret;
                sumD += diff;
                sumD2 += diff * diff;
                n++;
            }
        }
        double varR = sumR2 / n - (sumR / n) * (sumR / n);
        double varD = sumD2 / n - (sumD / n) * (sumD / n);
        return varR > 0 ? 1 - varD / varR : Double.NaN;
    }

    private static float[] masked(float[] values, int[] lengths, int width) {
        float[] out = new float[values.length];
        for (int b = 0; b < lengths.length; b++) {
            System.arraycopy(values, b * width, out, b * width, lengths[b]);
        }
        return out;
    }

    /** Asks a role; retries after an error or a timeout, up to {@code attempts} times (a restarted role answers the retry). */
    private <Q, T> CompletableFuture<T> ask(ActorRef<Q> target, Function<ActorRef<StatusReply<T>>, Q> message, int attempts) {
        CompletionStage<T> first = AskPattern.askWithStatus(target, message::apply, settings.askTimeout(), context.getSystem().scheduler());
        CompletableFuture<T> result = new CompletableFuture<>();
        first.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (attempts > 1) {
                LOG.warn("{} did not answer ({}); asking again", target.path().name(), error.getMessage());
                ask(target, message, attempts - 1).whenComplete((v, e) -> {
                    if (e == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            } else {
                result.completeExceptionally(new IllegalStateException(target.path().name() + " failed: " + error.getMessage(), error));
            }
        });
        return result;
    }
}
