package dev.alignsim.actors.rlhf;

import ai.djl.Device;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.ModelCodec;
import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.actors.replay.Replay;
import dev.alignsim.env.Rng;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.SequenceCritic;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.ModelRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs ChatWorld's RLHF stage on actors: one Policy, Reference, Critic and RewardModel actor (each on a thread of
 * its own: libtorch's grad mode is per thread), one Labeler actor per simulated person, a PromptRunner, Replay over
 * the run's store, and the {@link RlhfExperiment} coordinator. Starts from the stored SFT and reward models, or
 * continues after the store's last RLHF checkpoint (records after it are dropped first).
 */
public final class RlhfRunner {
    private RlhfRunner() {}

    /**
     * @param base the store iteration of PPO iteration 0 (the ppo stage's index in the pipeline)
     */
    public static RlhfExperiment.Summary run(ChatWorld world, RlhfSettings settings, RunStore store, RunDirectory directory,
            Device device, long base, FaultInjection faults) {
        SequenceModelSpec spec = world.modelSpec();
        ModelRecord sft = model(store, "sft", spec);
        List<ModelRecord> rewardModels = new ArrayList<>();
        for (String name : store.modelNames()) {
            if (name.startsWith("rm/")) {
                rewardModels.add(model(store, name, spec));
            }
        }
        if (rewardModels.isEmpty()) {
            throw new IllegalStateException("the store holds no reward model; the pipeline must run rm before ppo");
        }
        OptionalLong stored = store.lastCheckpoint();
        Checkpoint checkpoint = stored.isPresent() && stored.getAsLong() >= base ? store.checkpoint(stored.getAsLong()) : null;
        long after = checkpoint != null ? checkpoint.getIteration() : base - 1;
        store.truncateAfter(after);
        List<String> lines = new ArrayList<>();
        for (dev.alignsim.storage.proto.MetricsLine line : store.metricsThrough(after)) {
            lines.add(line.getJson());
        }
        directory.rewriteMetrics(lines);
        int startIndex = (int) (after - base + 1);
        double beta = checkpoint != null ? checkpoint.getRlhf().getKlCoef() : settings.klCoef();
        double[] offsets = new double[rewardModels.size()];
        double[] scales = new double[rewardModels.size()];
        for (int m = 0; m < rewardModels.size(); m++) {
            offsets[m] = rewardModels.get(m).getScoreOffset();
            scales[m] = rewardModels.get(m).getScoreScale();
        }
        LastCheckpoint last = new LastCheckpoint(checkpoint);
        CompletableFuture<RlhfExperiment.Summary> done = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(context -> {
            DispatcherSelector ownThread = DispatcherSelector.fromConfig("alignsim.actors.learner_dispatcher");
            long seed = world.seed("ppo/init");
            ActorRef<PolicyRole.Command> policy = context.spawn(PolicyRole.create(() -> {
                SequencePolicy p = new SequencePolicy(spec, device, seed);
                p.load(ModelCodec.weights(sft));
                SequencePolicyLearner learner = new SequencePolicyLearner(p, settings.ppo(), seed);
                last.get().ifPresent(c -> learner.restore(RecordCodec.learner(c.getPolicy())));
                return learner;
            }, settings.ppo().temperature(), faults), "policy", ownThread);
            ActorRef<ReferenceRole.Command> reference = context.spawn(ReferenceRole.create(() -> {
                SequencePolicy p = new SequencePolicy(spec, device, seed);
                p.load(ModelCodec.weights(sft));
                return p;
            }, settings.ppo().temperature()), "reference", ownThread);
            ActorRef<CriticRole.Command> critic = context.spawn(CriticRole.create(() -> {
                SequenceCritic c = new SequenceCritic(spec, device, seed);
                if (settings.criticFromRm()) {
                    c.load(ModelCodec.weights(rewardModels.get(0)));
                }
                SequenceCriticLearner learner = new SequenceCriticLearner(c, settings.ppo(), seed);
                last.get().ifPresent(x -> learner.restore(RecordCodec.learner(x.getCritic())));
                return learner;
            }, faults), "critic", ownThread);
            RewardSettings rm = world.settings().rm();
            RewardSettings continued = new RewardSettings(settings.rmEpochs(), rm.batchSize(), rm.learningRate(), rm.maxGradNorm(),
                    rm.margin(), rewardModels.size(), rm.initFromSft());
            ActorRef<RewardModelRole.Command> rewardModel = context.spawn(RewardModelRole.create(() -> {
                RewardEnsemble ensemble = new RewardEnsemble(spec, continued, device, world.seed("ppo/rm"));
                for (int m = 0; m < rewardModels.size(); m++) {
                    ensemble.members().get(m).load(ModelCodec.weights(rewardModels.get(m)));
                    ensemble.members().get(m).setNormalisation(offsets[m], scales[m]);
                }
                last.get().ifPresent(c -> {
                    List<LearnerSnapshot> snapshots = new ArrayList<>();
                    for (LearnerState s : c.getRlhf().getRewardModelsList()) {
                        snapshots.add(RecordCodec.learner(s));
                    }
                    ensemble.restore(snapshots, offsets, scales);
                });
                return ensemble;
            }, faults), "reward-model", ownThread);
            Map<String, ActorRef<LabelerRole.Command>> labelers = new LinkedHashMap<>();
            for (LabelerSpec labelerSpec : world.settings().labelers()) {
                String id = labelerSpec.id();
                labelers.put(id, context.spawn(LabelerRole.create(() -> {
                    Labeler labeler = world.population("ppo").labeler(id);
                    last.get().ifPresent(c -> {
                        for (LabelerState s : c.getRlhf().getLabelersList()) {
                            if (s.getId().equals(id)) {
                                labeler.restore(s.getRngList().stream().mapToLong(Long::longValue).toArray(), s.getLabelsGiven());
                            }
                        }
                    });
                    return labeler;
                }, faults), "labeler-" + URLish.encode(id)));
            }
            Rng promptRng = world.stream("ppo/prompts");
            if (checkpoint != null) {
                promptRng.setState(checkpoint.getRlhf().getPromptRngList().stream().mapToLong(Long::longValue).toArray());
            }
            ActorRef<PromptRunner.Command> prompts = context.spawn(PromptRunner.create(world.vocabulary(), world.settings().mixture(),
                    promptRng), "prompts");
            ActorRef<Replay.Command> replay = context.spawn(Replay.borrowing(store, 0), "replay");
            RlhfExperiment.Roles roles = new RlhfExperiment.Roles(prompts, policy, reference, critic, rewardModel, labelers, replay);
            context.spawn(RlhfExperiment.create(world, settings, roles, directory, last, base, startIndex, beta, offsets, scales, done),
                    "experiment");
            return Behaviors.empty();
        });
        ActorSystem<Void> system = ActorSystem.create(guardian, "alignsim-rlhf");
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the RLHF stage");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(String.valueOf(cause), cause);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the result is known; a slow shutdown is not worth hiding it
            }
        }
    }

    private static ModelRecord model(RunStore store, String name, SequenceModelSpec spec) {
        ModelRecord record = store.model(name).orElseThrow(() -> new IllegalStateException("the store holds no model '" + name
                + "'; the pipeline must run sft, label and rm before ppo"));
        ModelCodec.requireShape(record, spec);
        return record;
    }

    /** Actor names allow a restricted alphabet: labeler ids are user text. */
    private static final class URLish {
        static String encode(String id) {
            return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("%", "_").replace("+", "_");
        }
    }
}
