package dev.alignsim.app.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node's experiment slots ({@code alignsim node --jobs}): at most that many child JVMs at once, the others queued in
 * arrival order. Each experiment keeps about one core busy; without a limit a node would start every experiment
 * sharding gives it. Node-local: its messages never cross nodes.
 */
public final class JobSlots {
    public sealed interface Command extends NoSerializationVerificationNeeded {}

    /** Asks for a slot; {@link Granted} comes when one is free. */
    public record Acquire(String experiment, ActorRef<Granted> replyTo) implements Command {}

    /** Gives back the experiment's slot, or leaves the queue. */
    public record Release(String experiment) implements Command {}

    public record Granted() implements NoSerializationVerificationNeeded {}

    private JobSlots() {}

    public static Behavior<Command> create(int slots) {
        Set<String> holders = new HashSet<>();
        Deque<Acquire> queue = new ArrayDeque<>();
        return Behaviors.receive(Command.class)
                .onMessage(Acquire.class, acquire -> {
                    queue.removeIf(waiting -> waiting.experiment().equals(acquire.experiment()));
                    if (holders.contains(acquire.experiment()) || holders.size() < slots) {
                        holders.add(acquire.experiment());
                        acquire.replyTo().tell(new Granted());
                    } else {
                        queue.addLast(acquire);
                    }
                    return Behaviors.same();
                })
                .onMessage(Release.class, release -> {
                    queue.removeIf(waiting -> waiting.experiment().equals(release.experiment()));
                    if (holders.remove(release.experiment()) && !queue.isEmpty()) {
                        Acquire next = queue.removeFirst();
                        holders.add(next.experiment());
                        next.replyTo().tell(new Granted());
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
