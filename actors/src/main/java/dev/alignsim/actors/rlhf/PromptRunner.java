package dev.alignsim.actors.rlhf;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptSampler;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** ChatWorld's env runner: samples the prompts of each iteration from the configured mixture, with its own generator. */
public final class PromptRunner {

    public sealed interface Command {}

    public record Sample(int count, ActorRef<StatusReply<Prompt[]>> replyTo) implements Command {}

    public record Snapshot(ActorRef<StatusReply<long[]>> replyTo) implements Command {}

    private final PromptSampler sampler;
    private final Rng rng;
    private final FaultInjection faults;

    private PromptRunner(PromptSampler sampler, Rng rng, FaultInjection faults) {
        this.rng = rng;
        this.sampler = sampler;
        this.faults = faults;
    }

    /** @param sampler draws the train prompts from {@code rng}, the generator it owns, at the state the role starts from */
    public static Behavior<Command> create(PromptSampler sampler, Rng rng, FaultInjection faults) {
        return Behaviors.setup(context -> new PromptRunner(sampler, rng, faults).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Sample.class, m -> Replies.answer(faults, RoleNames.PROMPTS, m.replyTo(), () -> {
                    Prompt[] prompts = new Prompt[m.count()];
                    for (int i = 0; i < prompts.length; i++) {
                        prompts[i] = sampler.sample();
                    }
                    return prompts;
                }))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, RoleNames.PROMPTS, m.replyTo(), rng::state))
                .build();
    }
}
