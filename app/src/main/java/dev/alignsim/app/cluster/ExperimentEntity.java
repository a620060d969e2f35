package dev.alignsim.app.cluster;

import dev.alignsim.app.sweep.Experiment;
import dev.alignsim.app.sweep.ExperimentLaunch;
import dev.alignsim.app.sweep.Sweep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One experiment of a sweep, as a Cluster Sharding entity (id: the experiment's name): while it lives, it runs the
 * experiment as a child JVM into the sweep root ({@code alignsim run}, or {@code resume} from the last checkpoint when
 * a run directory is there; nothing when it is complete) and answers polls with where it stands. Sharding keeps one
 * incarnation per name in the cluster, so one child at a time; when it stops (node leaving, rebalance, a downed
 * node's shutdown) it kills its child and waits for it, before its successor elsewhere may start. A child refused
 * because another process still holds the store's lock is started again after a pause.
 */
public final class ExperimentEntity {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "experiment");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final int MAX_RETRIES = 30;
    private static final int STORE_UNUSABLE = 3;

    public sealed interface Command {}

    /** Where does the experiment stand? Starts it, when this is its first message on this node. */
    public record Poll(ActorRef<Status> replyTo) implements Command, CborSerializable {}

    private record Exited(int code) implements Command, NoSerializationVerificationNeeded {}

    private record Retry() implements Command, NoSerializationVerificationNeeded {}

    private record SlotGranted() implements Command, NoSerializationVerificationNeeded {}

    /** An experiment's state, as its entity reports it. */
    public enum State { QUEUED, RUNNING, DONE, FAILED }

    /**
     * @param experiment the experiment's name
     * @param node the member that runs (or ran) it: {@code host:port}
     * @param sinceMillis when its child JVM started on that node (epoch ms); 0 when none was started
     * @param detail what it did or why it failed
     */
    public record Status(String experiment, State state, String node, long sinceMillis, String detail) implements CborSerializable {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String name;
    private final Path root;
    private final ActorRef<JobSlots.Command> slots;
    private final ActorRef<JobSlots.Granted> granted;
    private final String node;
    private Process process;
    private Status status;
    private int retries;

    private ExperimentEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String name, Path root,
            ActorRef<JobSlots.Command> slots) {
        this.context = context;
        this.timers = timers;
        this.name = name;
        this.root = root;
        this.slots = slots;
        this.granted = context.messageAdapter(JobSlots.Granted.class, g -> new SlotGranted());
        var address = Cluster.get(context.getSystem()).selfMember().address();
        this.node = address.host().get() + ":" + address.port().get();
    }

    public static Behavior<Command> create(String name, Path root, ActorRef<JobSlots.Command> slots) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ExperimentEntity(context, timers, name, root, slots).start()));
    }

    private Behavior<Command> start() {
        queue();
        return Behaviors.receive(Command.class)
                .onMessage(Poll.class, poll -> {
                    poll.replyTo().tell(status);
                    return Behaviors.same();
                })
                .onMessage(Exited.class, this::onExited)
                .onMessage(Retry.class, retry -> {
                    queue();
                    return Behaviors.same();
                })
                .onMessage(SlotGranted.class, slot -> {
                    launch();
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, signal -> {
                    stopChild();
                    slots.tell(new JobSlots.Release(name));
                    return Behaviors.same();
                })
                .build();
    }

    /** Waits for one of the node's slots, unless the experiment is complete. */
    private void queue() {
        try {
            Sweep sweep = Sweep.open(root);
            if (ExperimentLaunch.next(sweep, sweep.experiment(name)) == ExperimentLaunch.Step.SKIP) {
                status = new Status(name, State.DONE, node, 0, "complete; not run again");
                return;
            }
            status = new Status(name, State.QUEUED, node, 0, "waiting for a slot on " + node);
            slots.tell(new JobSlots.Acquire(name, granted));
        } catch (Exception e) {
            status = new Status(name, State.FAILED, node, 0, "cannot start it on " + node + ": " + e.getMessage());
        }
    }

    private void launch() {
        if (process != null || status.state() != State.QUEUED) {
            return;
        }
        try {
            Sweep sweep = Sweep.open(root);
            Experiment experiment = sweep.experiment(name);
            ExperimentLaunch.Step step = ExperimentLaunch.next(sweep, experiment);
            if (step == ExperimentLaunch.Step.SKIP) {
                status = new Status(name, State.DONE, node, 0, "complete; not run again");
                slots.tell(new JobSlots.Release(name));
                return;
            }
            process = ExperimentLaunch.start(sweep, experiment, step, "node " + node);
            long since = System.currentTimeMillis();
            status = new Status(name, State.RUNNING, node, since, step.name().toLowerCase() + " (pid " + process.pid() + ")");
            context.getLog().info("experiment {}: {} on {} (pid {})", name, step, node, process.pid());
            context.pipeToSelf(process.onExit(), (p, error) -> new Exited(p == null ? -1 : p.exitValue()));
        } catch (Exception e) {
            status = new Status(name, State.FAILED, node, 0, "cannot start it on " + node + ": " + e.getMessage());
            slots.tell(new JobSlots.Release(name));
        }
    }

    private Behavior<Command> onExited(Exited exited) {
        process = null;
        slots.tell(new JobSlots.Release(name));
        if (exited.code() == 0) {
            status = new Status(name, State.DONE, node, status.sinceMillis(), "done on " + node);
        } else if (exited.code() == STORE_UNUSABLE && retries < MAX_RETRIES) {
            // Most likely the store's lock, still held by a child of a node that is going away: wait for it.
            retries++;
            status = new Status(name, State.QUEUED, node, 0, "store in use; trying again (" + retries + ")");
            timers.startSingleTimer(new Retry(), RETRY_AFTER);
        } else {
            status = new Status(name, State.FAILED, node, status.sinceMillis(), "exit code " + exited.code() + " on " + node + "; see "
                    + root.resolve("logs").resolve(name + ".log"));
        }
        return Behaviors.same();
    }

    /** Kills the child (SIGKILL: the store resumes exactly) and waits, so that a successor never overlaps it. */
    private void stopChild() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
