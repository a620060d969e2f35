package dev.alignsim.actors.rlhf;

import dev.alignsim.env.chat.PromptReader;
import dev.alignsim.env.rules.RuleReward;
import dev.alignsim.env.rules.RuleWeights;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The rule-based reward (GPT-4's RBRM): reads each prompt from its tokens, judges it through its harm classifier, answers
 * the rubric for the response and pays the class's weight. Its state is its weights (hand-set, or fitted when the stage
 * starts), which checkpoints keep.
 */
public final class RuleRewardRole {
    public sealed interface Command {}

    public record Judge(int[][] prompts, int[][] responses, ActorRef<StatusReply<Judgments>> replyTo) implements Command {}

    public record Snapshot(ActorRef<StatusReply<RuleWeights>> replyTo) implements Command {}

    /**
     * Per response: the rule reward, the rubric class (its {@code RuleClass} ordinal) and whether the request was
     * taken for harmful.
     */
    public record Judgments(double[] rewards, int[] classes, boolean[] judgedHarmful) {
        public static final Judgments NONE = new Judgments(new double[0], new int[0], new boolean[0]);
    }

    private final RuleReward reward;
    private final PromptReader reader;
    private final FaultInjection faults;

    private RuleRewardRole(RuleReward reward, PromptReader reader, FaultInjection faults) {
        this.reward = reward;
        this.reader = reader;
        this.faults = faults;
    }

    /** @param reward builds the rule reward with the weights the role starts from */
    public static Behavior<Command> create(Supplier<RuleReward> reward, PromptReader reader, FaultInjection faults) {
        return Behaviors.setup(context -> new RuleRewardRole(reward.get(), reader, faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Judge.class, m -> Replies.answer(faults, RoleNames.RULE_REWARD, m.replyTo(), () -> judge(m.prompts(), m.responses())))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.RULE_REWARD, m.replyTo(), reward::weights))
                .build();
    }

    private Judgments judge(int[][] prompts, int[][] responses) {
        int n = responses.length;
        double[] rewards = new double[n];
        int[] classes = new int[n];
        boolean[] harmful = new boolean[n];
        for (int i = 0; i < n; i++) {
            RuleReward.Judgment j = reward.judge(reader.read(prompts[i]), responses[i]);
            rewards[i] = j.reward();
            classes[i] = j.ruleClass().ordinal();
            harmful[i] = j.judgedHarmful();
        }
        return new Judgments(rewards, classes, harmful);
    }
}
