package dev.alignsim.actors.rlhf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One incarnation of the role actors an RLHF experiment talks to; the critic only for ppo, the rule-based reward only
 * when {@code chat.rules.enabled}.
 */
record RoleSet(ActorRef<PromptRunner.Command> prompts, ActorRef<PolicyRole.Command> policy, ActorRef<ReferenceRole.Command> reference,
        Optional<ActorRef<CriticRole.Command>> critic, ActorRef<RewardModelRole.Command> rewardModel,
        Map<String, ActorRef<LabelerRole.Command>> labelers, Optional<ActorRef<RuleRewardRole.Command>> rules) {

    RoleSet {
        labelers = Collections.unmodifiableMap(new LinkedHashMap<>(labelers));
    }

    List<ActorRef<?>> all() {
        List<ActorRef<?>> all = new ArrayList<>(List.of(prompts, policy, reference, rewardModel));
        critic.ifPresent(all::add);
        all.addAll(labelers.values());
        rules.ifPresent(all::add);
        return all;
    }
}
