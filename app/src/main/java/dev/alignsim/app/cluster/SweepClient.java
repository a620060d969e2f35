package dev.alignsim.app.cluster;

import dev.alignsim.app.console.Console;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The sweep's side: polls every unfinished experiment's entity each second (sharding delivers at most once, and a
 * poll is what starts an entity again on a survivor after its node died), reports where each runs, when one runs
 * again on another node and how long after its old node last answered, and completes when all are done or failed.
 */
public final class SweepClient {
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    public sealed interface Command {}

    private record Tick() implements Command, NoSerializationVerificationNeeded {}

    private record Reported(ExperimentEntity.Status status) implements Command, NoSerializationVerificationNeeded {}

    private final ActorContext<Command> context;
    private final ClusterSharding sharding;
    private final ActorRef<ExperimentEntity.Status> replies;
    private final CompletableFuture<Map<String, ExperimentEntity.Status>> done;
    private final Map<String, ExperimentEntity.Status> last = new LinkedHashMap<>();
    private final Map<String, Long> lastAnswer = new HashMap<>();
    /** The last RUNNING report of each experiment: where its child JVM was last seen. */
    private final Map<String, ExperimentEntity.Status> running = new HashMap<>();

    private SweepClient(ActorContext<Command> context, List<String> experiments, CompletableFuture<Map<String, ExperimentEntity.Status>> done) {
        this.context = context;
        this.sharding = ClusterSharding.get(context.getSystem());
        this.replies = context.messageAdapter(ExperimentEntity.Status.class, Reported::new);
        this.done = done;
        experiments.forEach(name -> last.put(name, null));
    }

    public static Behavior<Command> create(List<String> experiments, CompletableFuture<Map<String, ExperimentEntity.Status>> done) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Tick(), Duration.ZERO, POLL_EVERY);
            return new SweepClient(context, experiments, done).behavior();
        }));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Tick.class, tick -> {
                    last.forEach((name, status) -> {
                        if (status == null || !finished(status)) {
                            sharding.entityRefFor(ExperimentEntity.TYPE_KEY, name).tell(new ExperimentEntity.Poll(replies));
                        }
                    });
                    return Behaviors.same();
                })
                .onMessage(Reported.class, reported -> onStatus(reported.status()))
                .build();
    }

    private static boolean finished(ExperimentEntity.Status status) {
        return status.state() == ExperimentEntity.State.DONE || status.state() == ExperimentEntity.State.FAILED;
    }

    private Behavior<Command> onStatus(ExperimentEntity.Status status) {
        String name = status.experiment();
        ExperimentEntity.Status previous = last.get(name);
        if (!last.containsKey(name) || (previous != null && finished(previous))) {
            return Behaviors.same();
        }
        long now = System.currentTimeMillis();
        ExperimentEntity.Status running = this.running.get(name);
        switch (status.state()) {
            case QUEUED -> {
                if (running != null && running.node().equals(status.node())) {
                    lastAnswer.put(name, now);
                }
            }
            case RUNNING -> {
                if (running == null) {
                    Console.say("sweep: " + name + " running on " + status.node() + ": " + status.detail());
                } else if (!running.node().equals(status.node())) {
                    Console.say(String.format(Locale.ROOT, "sweep: %s running again on %s (child JVM started at %d ms, %.1f s after %s last "
                            + "answered for it): %s", name, status.node(), status.sinceMillis(),
                            (status.sinceMillis() - lastAnswer.getOrDefault(name, now)) / 1e3, running.node(), status.detail()));
                }
                if (running == null || running.sinceMillis() != status.sinceMillis()) {
                    this.running.put(name, status);
                }
                lastAnswer.put(name, now);
            }
            case DONE -> Console.say("sweep: " + name + " done on " + status.node() + (status.sinceMillis() == 0 ? " (" + status.detail() + ")" : ""));
            case FAILED -> Console.say("sweep: " + name + " failed: " + status.detail());
        }
        last.put(name, status);
        if (last.values().stream().allMatch(s -> s != null && finished(s))) {
            done.complete(Map.copyOf(last));
            return Behaviors.stopped();
        }
        return Behaviors.same();
    }
}
