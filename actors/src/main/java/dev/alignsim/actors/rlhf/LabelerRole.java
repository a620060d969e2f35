package dev.alignsim.actors.rlhf;

import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.labelers.Labeler;
import dev.alignsim.storage.proto.LabelerState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** One simulated person: ranks the responses it is given with its own strategy, generator and fatigue. */
public final class LabelerRole {

    public sealed interface Command {}

    /** One prompt to label: its index in the labeling round, the prompt, and its K responses in presentation order. */
    public record Task(int index, Prompt prompt, int[][] responses) {}

    /** A ranking of a task's responses, best first, and how many labels the labeler had given before it. */
    public record Ranked(int index, int[] ranking, long labelsGivenBefore) {}

    public record Rank(List<Task> tasks, ActorRef<StatusReply<List<Ranked>>> replyTo) implements Command {}

    public record Snapshot(ActorRef<StatusReply<LabelerState>> replyTo) implements Command {}

    private final Labeler labeler;
    private final FaultInjection faults;

    private LabelerRole(Labeler labeler, FaultInjection faults) {
        this.labeler = labeler;
        this.faults = faults;
    }

    /** @param labeler builds the labeler, restored to the state the role starts from */
    public static Behavior<Command> create(Supplier<Labeler> labeler, FaultInjection faults) {
        return Behaviors.setup(context -> new LabelerRole(labeler.get(), faults).behavior());
    }

    private Behavior<Command> behavior() {
        String role = RoleNames.labeler(labeler.id());
        return Behaviors.receive(Command.class)
                .onMessage(Rank.class, m -> Replies.answer(faults, role, m.replyTo(), () -> rank(m.tasks())))
                .onMessage(Snapshot.class, m -> Replies.answer(faults, role, m.replyTo(), this::state))
                .build();
    }

    private List<Ranked> rank(List<Task> tasks) {
        List<Ranked> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            long before = labeler.labelsGiven();
            out.add(new Ranked(t.index(), labeler.rank(t.prompt(), t.responses()), before));
        }
        return out;
    }

    private LabelerState state() {
        LabelerState.Builder b = LabelerState.newBuilder().setId(labeler.id()).setLabelsGiven(labeler.labelsGiven());
        for (long word : labeler.rngState()) {
            b.addRng(word);
        }
        return b.build();
    }
}
