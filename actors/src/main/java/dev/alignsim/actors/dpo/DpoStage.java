package dev.alignsim.actors.dpo;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.FinalEvaluation;
import dev.alignsim.actors.chat.GoldReport;
import dev.alignsim.actors.chat.ModelCodec;
import dev.alignsim.actors.chat.Stage;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.chat.StageRecorder;
import dev.alignsim.actors.lifecycle.RunFailedException;
import dev.alignsim.actors.lifecycle.RunStoppedException;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.policy.methods.DpoLoss;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.policy.methods.SequenceDpoLearner;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.MetricsLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dpo}: direct preference optimisation (Rafailov et al. 2023; IPO, Azar et al. 2023, with {@code chat.dpo.loss
 * = ipo}) of a policy that starts as the SFT reference, on the label stage's comparisons that are not held out, each
 * K-wise ranking expanded to pairs ({@link DpoPairs}). Epoch e is stored as iteration {@code index + e} with its
 * metrics line ({@link EpochMetrics}, the ppo stage's key names for gold, proxy, KL, length and safety), and every
 * {@code chat.dpo.checkpoint_every} epochs (and the last) with a checkpoint of the learner (weights and Adam's state),
 * so that a resumed run continues after the last checkpoint and writes the lines an uninterrupted one writes. When the
 * epochs are done, the reference and the final policy are evaluated as ppo-eval evaluates them
 * ({@link FinalEvaluation}), with the implicit-reward accuracy on the training and the held-out pairs; that line
 * ({@code dpo-eval}, keyed {@code index + epochs}) is committed as the stage's record.
 *
 * <p>The reward model is optional: DPO never reads it. With an rm stage before it, the stage reports the rm stage's
 * score of its answers ({@code objective/proxy}, {@code reference/proxy}, {@code final/proxy}); without one those keys
 * are absent. Answers are sampled, and KL taken, at temperature 1, the temperature DPO's log-probs are taken at.
 *
 * <p>The learner lives in a role actor ({@link DpoPolicyRole}) on a thread of its own, as the ppo stage's policy
 * does; the stage's own thread asks it one thing at a time. DPO's epochs have nothing to run beside one another, so
 * no coordinator actor is needed: a failure fails the stage, and {@code alignsim resume} continues from the last
 * checkpoint.
 */
public final class DpoStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(DpoStage.class);
    /** The pinned dispatcher of actors/src/main/resources/reference.conf: one thread per actor. */
    private static final String LEARNER_DISPATCHER = "alignsim.actors.learner_dispatcher";
    /** The role runs in this process; the timeout only keeps a hang from lasting for ever. An epoch may take minutes. */
    private static final Duration ASK_TIMEOUT = Duration.ofHours(2);
    private static final int SHUTDOWN_SECONDS = 60;
    private static final int SAMPLE_LINES = 4;
    /** Temperature of sampling and of every log-prob: DPO's objective is on the policy's own distribution. */
    private static final double TEMPERATURE = 1.0;

    private final StageContext context;
    private final DpoSettings settings;

    public DpoStage(StageContext context, DpoSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public StageName name() {
        return StageName.DPO;
    }

    @Override
    public Map<String, Object> run(int index) {
        RunStore store = context.store();
        if (!store.complete()) {
            train(index);
        }
        return evaluate(index);
    }

    /** Every epoch not stored yet, from the stage's start or after its last checkpoint. */
    private void train(int index) {
        ChatWorld world = context.world();
        Optional<Checkpoint> checkpoint = rewindToLastCheckpoint(index);
        int first = checkpoint.map(c -> (int) (c.getIteration() - index + 1)).orElse(0);

        DpoPairs.Pairs pairs = DpoPairs.of(context, false);
        NetworkWeights sft = ModelCodec.weights(context.models().referenceRecord());
        Optional<LearnerSnapshot> restored = checkpoint.map(c -> RecordCodec.learner(c.getPolicy()));
        long seed = world.seed("dpo/init");
        Prompt[] prompts = world.prompts("dpo/prompts", settings.evalPrompts());
        // The unseen prompts every PPO iteration answers, so that the two stages' gold_unseen curves are comparable.
        Prompt[] unseen = world.unseenPrompts("ppo/unseen", world.settings().eval().iterationPrompts());
        int[][] promptTokens = ChatWorld.tokens(prompts);
        int[][] unseenTokens = ChatWorld.tokens(unseen);

        CompletableFuture<ActorRef<DpoPolicyRole.Command>> spawned = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(system -> {
            spawned.complete(system.spawn(DpoPolicyRole.create(() -> {
                SequencePolicy reference = context.models().reference();
                SequencePolicy policy = new SequencePolicy(world.modelSpec(), context.device(), seed);
                policy.load(sft);
                SequenceDpoLearner learner = new SequenceDpoLearner(policy, settings, seed);
                restored.ifPresent(learner::restore);
                return new DpoPolicyRole.State(learner, reference, pairs.withReference(reference));
            }), "dpo-policy", DispatcherSelector.fromConfig(LEARNER_DISPATCHER)));
            return Behaviors.empty();
        });
        ActorSystem<Void> system = ActorSystem.create(guardian, "alignsim-dpo");
        try (ProxyModel proxy = ProxyModel.open(context)) {
            ActorRef<DpoPolicyRole.Command> role = spawned.join();
            for (int epoch = first; epoch < settings.epochs(); epoch++) {
                long key = index + (long) epoch;
                long start = System.nanoTime();
                SequenceDpoLearner.EpochStats stats = ask(system, role, DpoPolicyRole.Epoch::new);
                long trained = System.nanoTime();
                long generateSeed = world.seed("dpo/generate/" + epoch);
                DpoPolicyRole.Answered answers = ask(system, role, r -> new DpoPolicyRole.Answer(promptTokens, generateSeed, r));
                long unseenSeed = world.seed("dpo/generate-unseen/" + epoch);
                DpoPolicyRole.Answered unseenAnswers = unseen.length == 0 ? null
                        : ask(system, role, r -> new DpoPolicyRole.Answer(unseenTokens, unseenSeed, r));
                Map<String, Object> metrics = EpochMetrics.of(world, key, epoch, pairs.size(), pairs.identical(), stats, prompts, answers, unseen, unseenAnswers,
                        proxy.model(), trained - start, System.nanoTime() - trained);
                boolean last = epoch == settings.epochs() - 1;
                boolean stopping = context.stop().isRequested();
                Checkpoint next = null;
                if (last || (epoch + 1) % settings.checkpointEvery() == 0 || stopping) {
                    LearnerSnapshot snapshot = ask(system, role, DpoPolicyRole.Snapshot::new);
                    next = Checkpoint.newBuilder().setIteration(key).setPolicy(RecordCodec.learner(snapshot)).build();
                }
                metrics.put("wall_s", (System.nanoTime() - start) / 1e9);
                commit(key, metrics, next, last);
                LOG.info(String.format(Locale.ROOT, "dpo %d/%d: loss %.4f, accuracy %.3f, margin %.3f; gold %.3f, kl %.3f, length %.2f",
                        epoch + 1, settings.epochs(), stats.loss(), stats.accuracy(), stats.margin(), metrics.get("objective/gold"),
                        metrics.get("objective/kl"), metrics.get("response/length")));
                if (!last && stopping) {
                    throw new RunStoppedException(context.directory().root(), "DPO epoch " + (epoch + 1) + " of " + settings.epochs());
                }
            }
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the result is known; a slow shutdown is not worth hiding it
            }
        }
    }

    /**
     * The stage's last checkpoint, with every record after it dropped from the store and metrics.jsonl (empty, and
     * everything from the stage's start dropped, when it has none): a resume computes them again, to the same results.
     */
    private Optional<Checkpoint> rewindToLastCheckpoint(int index) {
        RunStore store = context.store();
        OptionalLong stored = store.lastCheckpoint();
        Optional<Checkpoint> checkpoint = stored.isPresent() && stored.getAsLong() >= index
                ? Optional.of(store.checkpoint(stored.getAsLong())) : Optional.empty();
        long after = checkpoint.map(Checkpoint::getIteration).orElse(index - 1L);
        store.truncateAfter(after);
        List<String> lines = new ArrayList<>();
        for (MetricsLine line : store.metricsThrough(after)) {
            lines.add(line.getJson());
        }
        context.directory().rewriteMetrics(lines);
        return checkpoint;
    }

    /**
     * Commits one epoch in one write batch (its line, its checkpoint when due, the stage's completion after the last),
     * then appends its line to metrics.jsonl.
     */
    private void commit(long key, Map<String, Object> metrics, Checkpoint checkpoint, boolean last) {
        String json = MetricsLog.format(metrics);
        context.store().commit(new RunStore.IterationRecords(key, List.of(), MetricsLine.newBuilder().setIteration(key).setJson(json).build(),
                checkpoint, last, List.of(), List.of()), 0);
        try (MetricsLog log = context.directory().openMetrics()) {
            log.appendLine(json);
        }
    }

    /** The closing line: reference against final policy, as ppo-eval, and the final policy's implicit-reward accuracy. */
    private Map<String, Object> evaluate(int index) {
        RunStore store = context.store();
        ChatWorld world = context.world();
        Map<String, Object> metrics = new LinkedHashMap<>();
        long iteration = index + (long) settings.epochs();
        metrics.put("iteration", iteration);
        metrics.put("stage", name().closingLine());
        long last = store.lastCheckpoint().orElseThrow(() -> new IllegalStateException("the dpo stage stored no checkpoint"));
        LearnerSnapshot snapshot = RecordCodec.learner(store.checkpoint(last).getPolicy());
        FinalEvaluation.Answers answers;
        DpoLoss.Values train;
        DpoLoss.Values heldout;
        try (SequencePolicy policy = new SequencePolicy(world.modelSpec(), context.device(), 0);
                SequencePolicy reference = context.models().reference()) {
            policy.load(snapshot.weights());
            answers = FinalEvaluation.answer(context, policy, TEMPERATURE);
            train = SequenceDpoLearner.evaluate(policy, DpoPairs.of(context, false).withReference(reference), settings);
            heldout = SequenceDpoLearner.evaluate(policy, DpoPairs.of(context, true).withReference(reference), settings);
        }
        FinalEvaluation.putGoldAndSafety(metrics, world, answers);
        try (ProxyModel proxy = ProxyModel.open(context)) {
            proxy.model().ifPresent(rm -> {
                metrics.put("reference/proxy", FinalEvaluation.meanProxy(rm, answers.eval(), answers.reference()));
                metrics.put("final/proxy", FinalEvaluation.meanProxy(rm, answers.eval(), answers.policy()));
            });
        }
        FinalEvaluation.putLengths(metrics, answers);
        metrics.put("dpo/accuracy_train", train.accuracy());
        metrics.put("dpo/margin_train", train.margin());
        metrics.put("dpo/accuracy_heldout", heldout.accuracy());
        metrics.put("dpo/margin_heldout", heldout.margin());
        GoldReport.samples(world, answers.eval(), answers.policy(), SAMPLE_LINES, line -> LOG.info("final policy sample: {}", line));
        StageRecorder.commit(context, name(), index, iteration, metrics, List.of(), List.of());
        context.console().accept(String.format(Locale.ROOT,
                "dpo: on %d fresh train prompts, gold %.3f -> %.3f; on %d unseen prompts, gold %.3f -> %.3f (reference -> final policy); "
                        + "implicit-reward accuracy %.1f%% on training pairs, %.1f%% on held-out pairs",
                answers.eval().length, metrics.get("reference/gold"), metrics.get("final/gold"), answers.unseen().length,
                metrics.get("reference/gold_unseen"), metrics.get("final/gold_unseen"), 100 * train.accuracy(), 100 * heldout.accuracy()));
        return metrics;
    }

    /**
     * Asks the role and waits for its answer.
     *
     * @throws RunFailedException naming what failed; what was committed stays, and a resume continues from it
     */
    private static <T> T ask(ActorSystem<Void> system, ActorRef<DpoPolicyRole.Command> role,
            Function<ActorRef<StatusReply<T>>, DpoPolicyRole.Command> message) {
        try {
            return AskPattern.askWithStatus(role, message::apply, ASK_TIMEOUT, system.scheduler()).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the DPO policy");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RunFailedException("the dpo stage's policy failed: " + cause.getMessage(), cause);
        }
    }

    /** The rm stage's reward model when the pipeline has one (DPO does not need it), closed with the holder. */
    private record ProxyModel(Optional<RewardEnsemble> model) implements AutoCloseable {
        static ProxyModel open(StageContext context) {
            return new ProxyModel(context.settings().pipeline().contains(StageName.RM)
                    ? Optional.of(context.models().rewardModel(context.settings().rm(), 0)) : Optional.empty());
        }

        @Override
        public void close() {
            model.ifPresent(RewardEnsemble::close);
        }
    }
}
