package dev.alignsim.actors.rlhf;

import ai.djl.Device;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.ModelCodec;
import dev.alignsim.actors.chat.NormalisationSet;
import dev.alignsim.actors.chat.StoredModels;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.PromptReader;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.rules.RuleReward;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.rlhf.SequenceCritic;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.ModelRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Spawns the role actors, each restored to a checkpoint or, before the first one, to the stage's start: the policy
 * and the reference from the SFT model, the reward model from the rm stage's (a checkpoint's: with the normalisation
 * it held then), the critic (ppo only) from the reward model's first member (or at random). The same code serves a fresh start,
 * a resume in a new process and a recovery after a role failed, so that all three continue identically. The
 * learners and the reference each get a thread of their own (libtorch's grad mode is per thread).
 */
final class RoleFactory {
    /** The pinned dispatcher of actors/src/main/resources/reference.conf: one thread per actor. */
    private static final String LEARNER_DISPATCHER = "alignsim.actors.learner_dispatcher";

    private final ChatWorld world;
    private final RlhfSettings settings;
    private final Device device;
    private final FaultInjection faults;
    private final NetworkWeights sft;
    private final NetworkWeights firstRewardMember;
    private final StoredModels models;
    private final RewardSettings rewardTraining;
    private final Optional<NormalisationSet> renormaliseOn;
    private final LabelerPool labelerPool;

    /**
     * @param renormaliseOn what the reward model renormalises on after each labeling round (empty: it keeps the rm stage's)
     * @param labelerPool where the labelers live (in this actor system, or on a cluster's nodes)
     */
    RoleFactory(ChatWorld world, RlhfSettings settings, StoredModels models, Device device, FaultInjection faults,
            Optional<NormalisationSet> renormaliseOn, LabelerPool labelerPool) {
        this.world = world;
        this.labelerPool = labelerPool;
        this.renormaliseOn = renormaliseOn;
        this.settings = settings;
        this.device = device;
        this.faults = faults;
        this.models = models;
        this.sft = ModelCodec.weights(models.referenceRecord());
        List<ModelRecord> rewardRecords = models.rewardRecords();
        this.firstRewardMember = ModelCodec.weights(rewardRecords.get(0));
        RewardSettings rm = world.settings().rm();
        this.rewardTraining = new RewardSettings(settings.rmEpochs(), rm.batchSize(), rm.learningRate(), rm.maxGradNorm(), rm.margin(),
                rewardRecords.size(), rm.initFromSft(), rm.perGroup());
    }

    /** Spawns every role as a child of {@code context}, restored to {@code from} (empty: the stage's start). */
    RoleSet spawn(ActorContext<?> context, Optional<Checkpoint> from, int generation) {
        DispatcherSelector ownThread = DispatcherSelector.fromConfig(LEARNER_DISPATCHER);
        SequenceModelSpec spec = world.modelSpec();
        long seed = world.seed("ppo/init");
        ActorRef<PolicyRole.Command> policy = context.spawn(PolicyRole.create(() -> {
            SequencePolicy p = new SequencePolicy(spec, device, seed);
            p.load(sft);
            SequencePolicyLearner learner = new SequencePolicyLearner(p, settings.ppo(), seed);
            from.ifPresent(c -> learner.restore(RlhfCheckpoints.policy(c)));
            return learner;
        }, settings.ppo().temperature(), faults), RoleNames.actorName(RoleNames.POLICY, generation), ownThread);
        ActorRef<ReferenceRole.Command> reference = context.spawn(ReferenceRole.create(() -> {
            SequencePolicy p = new SequencePolicy(spec, device, seed);
            p.load(sft);
            return p;
        }, settings.ppo().temperature(), faults), RoleNames.actorName(RoleNames.REFERENCE, generation), ownThread);
        Optional<ActorRef<CriticRole.Command>> critic = Optional.empty();
        if (settings.usesCritic()) {
            critic = Optional.of(context.spawn(CriticRole.create(() -> {
                SequenceCritic c = new SequenceCritic(spec, device, seed);
                if (settings.criticFromRm()) {
                    c.load(firstRewardMember);
                }
                SequenceCriticLearner learner = new SequenceCriticLearner(c, settings.ppo(), seed);
                from.ifPresent(x -> learner.restore(RlhfCheckpoints.critic(x)));
                return learner;
            }, faults), RoleNames.actorName(RoleNames.CRITIC, generation), ownThread));
        }
        ActorRef<RewardModelRole.Command> rewardModel = context.spawn(RewardModelRole.create(() -> {
            RewardEnsemble ensemble = models.rewardModel(rewardTraining, world.seed("ppo/rm"));
            from.ifPresent(c -> RlhfCheckpoints.restoreRewardModel(c, ensemble));
            return ensemble;
        }, renormaliseOn, faults), RoleNames.actorName(RoleNames.REWARD_MODEL, generation), ownThread);
        Map<String, ActorRef<LabelerRole.Command>> labelers = new LinkedHashMap<>();
        for (LabelerSpec labelerSpec : world.settings().labelers()) {
            String id = labelerSpec.id();
            Optional<LabelerState> state = from.flatMap(c -> RlhfCheckpoints.labeler(c, id));
            labelers.put(id, context.spawn(labelerPool.labeler(world, id, state, generation, faults),
                    RoleNames.actorName(RoleNames.labeler(id), generation)));
        }
        Rng promptRng = world.stream("ppo/prompts");
        from.ifPresent(c -> promptRng.setState(RlhfCheckpoints.promptRng(c)));
        ActorRef<PromptRunner.Command> prompts = context.spawn(PromptRunner.create(world.sampler(PromptSplit.Side.TRAIN, promptRng), promptRng,
                faults), RoleNames.actorName(RoleNames.PROMPTS, generation));
        Optional<ActorRef<RuleRewardRole.Command>> rules = Optional.empty();
        if (world.settings().rules().enabled()) {
            rules = Optional.of(context.spawn(RuleRewardRole.create(() -> {
                RuleWeights weights = from.flatMap(RlhfCheckpoints::ruleWeights).orElseGet(() -> RuleWeightSource.initial(world, models));
                return new RuleReward(world.rubric(), world.harmClassifier(), weights);
            }, new PromptReader(world.vocabulary()), faults), RoleNames.actorName(RoleNames.RULE_REWARD, generation), ownThread));
        }
        return new RoleSet(prompts, policy, reference, critic, rewardModel, labelers, rules);
    }
}
