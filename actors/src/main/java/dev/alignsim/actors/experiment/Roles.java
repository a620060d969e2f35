package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.feedback.LabelerActor;
import dev.alignsim.actors.feedback.RewardModelActor;
import dev.alignsim.actors.policy.PolicyActor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One incarnation of the control world's role actors. A recovery stops them all and spawns the next incarnation
 * (its generation one higher, which its actors' names carry). A run from feedback adds the reward model and one
 * labeler per simulated person; otherwise {@code rewardModel} is null and {@code labelers} empty.
 */
record Roles(ActorRef<PolicyActor.Command> policy, ActorRef<CriticActor.Command> critic,
        List<ActorRef<EnvRunner.Command>> runners, ActorRef<RewardModelActor.Command> rewardModel,
        List<ActorRef<LabelerActor.Command>> labelers) {
    static final String POLICY = "policy";
    static final String CRITIC = "critic";
    static final String REWARD_MODEL = "reward-model";

    Roles {
        runners = List.copyOf(runners);
        labelers = List.copyOf(labelers);
    }

    /** The role name of env runner {@code index}, as logs, failures and fault injection know it. */
    static String runner(int index) {
        return "env-runner-" + index;
    }

    /** The role name of labeler {@code index} (in the order of {@code feedback.labelers}). */
    static String labeler(int index) {
        return "labeler-" + index;
    }

    /** The actor name of {@code role} in incarnation {@code generation}: the role, then {@code ~generation} after a recovery. */
    static String actorName(String role, int generation) {
        return generation == 0 ? role : role + "~" + generation;
    }

    /** Every role by its name: the policy, the critic, the runners in order, then the reward model and the labelers. */
    Map<String, ActorRef<?>> byName() {
        Map<String, ActorRef<?>> all = new LinkedHashMap<>();
        all.put(POLICY, policy);
        all.put(CRITIC, critic);
        for (int i = 0; i < runners.size(); i++) {
            all.put(runner(i), runners.get(i));
        }
        if (rewardModel != null) {
            all.put(REWARD_MODEL, rewardModel);
        }
        for (int i = 0; i < labelers.size(); i++) {
            all.put(labeler(i), labelers.get(i));
        }
        return all;
    }
}
