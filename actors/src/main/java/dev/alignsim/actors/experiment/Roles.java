package dev.alignsim.actors.experiment;

import dev.alignsim.actors.critic.CriticActor;
import dev.alignsim.actors.envrunner.EnvRunner;
import dev.alignsim.actors.policy.PolicyActor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One incarnation of the control world's role actors. A recovery stops them all and spawns the next incarnation
 * (its generation one higher, which its actors' names carry).
 */
record Roles(ActorRef<PolicyActor.Command> policy, ActorRef<CriticActor.Command> critic,
        List<ActorRef<EnvRunner.Command>> runners) {
    static final String POLICY = "policy";
    static final String CRITIC = "critic";

    Roles {
        runners = List.copyOf(runners);
    }

    /** The role name of env runner {@code index}, as logs, failures and fault injection know it. */
    static String runner(int index) {
        return "env-runner-" + index;
    }

    /** The actor name of {@code role} in incarnation {@code generation}: the role, then {@code ~generation} after a recovery. */
    static String actorName(String role, int generation) {
        return generation == 0 ? role : role + "~" + generation;
    }

    /** Every role by its name: the policy, the critic, then the runners in order. */
    Map<String, ActorRef<?>> byName() {
        Map<String, ActorRef<?>> all = new LinkedHashMap<>();
        all.put(POLICY, policy);
        all.put(CRITIC, critic);
        for (int i = 0; i < runners.size(); i++) {
            all.put(runner(i), runners.get(i));
        }
        return all;
    }
}
