package dev.alignsim.actors.experiment;

import ai.djl.Device;
import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.policy.PolicyActor;
import dev.alignsim.env.Env;
import dev.alignsim.env.NormalizedVectorEnv;
import dev.alignsim.env.Rng;
import dev.alignsim.env.VectorEnv;
import dev.alignsim.env.VectorEnvironment;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.labelers.SegmentLabeler;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.ValueLearner;
import dev.alignsim.policy.preference.SegmentRewardEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Spawns the role actors as they are at the run's start: learners initialised from the run's seed, every env
 * runner's environments reset from their own seed. A new run, a resume and a recovery all spawn roles this way (the
 * latter two then restore them to a checkpoint), so that all three go on identically. Each learner gets a thread of
 * its own (libtorch's grad mode is per thread), and so does the reward model of a run from feedback.
 */
final class RoleFactory {
    private static final long REWARD_MODEL_STREAM = 6000;
    private static final long LABELER_STREAM = 6001;

    private final ExperimentSettings settings;
    private final Device device;
    private final Supplier<? extends Env> envFactory;
    private final RoleWrapper wrapper;
    private final NetworkSpec spec;

    RoleFactory(ExperimentSettings settings, Device device, Supplier<? extends Env> envFactory, RoleWrapper wrapper) {
        this.settings = settings;
        this.device = device;
        this.envFactory = envFactory;
        this.wrapper = wrapper;
        Env probe = envFactory.get();
        this.spec = new NetworkSpec(probe.observationSpace().flatDim(), settings.hidden(), probe.actionSpace());
    }

    /** Every role as a child of {@code context}, named for incarnation {@code generation}. */
    Roles spawn(ActorContext<?> context, int generation) {
        DispatcherSelector learnerThread = DispatcherSelector.fromConfig(ActorSettings.LEARNER_DISPATCHER);
        ActorRef<PolicyActor.Command> policy = context.spawn(wrapper.wrap(Roles.POLICY, PolicyActor.create(
                () -> new PolicyLearner(spec, settings.ppo(), device, settings.seed()))),
                Roles.actorName(Roles.POLICY, generation), learnerThread);
        ActorRef<CriticActor.Command> critic = context.spawn(wrapper.wrap(Roles.CRITIC, CriticActor.create(
                () -> new ValueLearner(spec, settings.ppo(), device, settings.seed()))),
                Roles.actorName(Roles.CRITIC, generation), learnerThread);
        List<ActorRef<EnvRunner.Command>> runners = new ArrayList<>();
        for (int i = 0; i < settings.numRunners(); i++) {
            long envSeed = Rng.derive(settings.seed(), 100L + i).nextLong();
            String role = Roles.runner(i);
            runners.add(context.spawn(wrapper.wrap(role, EnvRunner.create(i, spec, () -> vectorEnv(envSeed), settings.seed())),
                    Roles.actorName(role, generation)));
        }
        ActorRef<RewardModelActor.Command> rewardModel = null;
        List<ActorRef<LabelerActor.Command>> labelers = new ArrayList<>();
        FeedbackSettings feedback = settings.feedback();
        if (feedback.enabled()) {
            long rewardSeed = Rng.derive(settings.seed(), REWARD_MODEL_STREAM).nextLong();
            rewardModel = context.spawn(wrapper.wrap(Roles.REWARD_MODEL, RewardModelActor.create(() -> new SegmentRewardEnsemble(
                    spec.obsDim(), spec.actionSpace(), feedback.rewardModel(), device, rewardSeed))),
                    Roles.actorName(Roles.REWARD_MODEL, generation), learnerThread);
            long panelSeed = Rng.derive(settings.seed(), LABELER_STREAM).nextLong();
            for (int i = 0; i < feedback.labelers().size(); i++) {
                LabelerSpec labeler = feedback.labelers().get(i);
                long labelerSeed = Rng.derive(panelSeed, i).nextLong();
                String role = Roles.labeler(i);
                int index = i;
                labelers.add(context.spawn(wrapper.wrap(role, LabelerActor.create(index, () -> new SegmentLabeler(labeler, labelerSeed))),
                        Roles.actorName(role, generation)));
            }
        }
        return new Roles(policy, critic, runners, rewardModel, labelers);
    }

    private VectorEnvironment vectorEnv(long envSeed) {
        VectorEnvironment envs = new VectorEnv(envFactory, settings.envsPerRunner(), envSeed);
        if (!settings.normalizeObservations() && !settings.normalizeRewards()) {
            return envs;
        }
        return new NormalizedVectorEnv(envs, new NormalizedVectorEnv.Options(settings.normalizeObservations(), 10.0,
                settings.normalizeRewards(), settings.ppo().gamma(), 10.0, NormalizedVectorEnv.Options.DEFAULT_EPSILON));
    }
}
