package dev.alignsim.app.cluster;

import dev.alignsim.actors.rlhf.LabelerRole;
import dev.alignsim.storage.proto.LabelerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * A labeler role of the run's own actor system whose labeler lives on the cluster ({@link LabelerEntity}): it answers
 * {@link LabelerRole.Rank} and {@link LabelerRole.Snapshot} as a local {@link LabelerRole} would, by asking the entity.
 * When it starts it restores the entity to its generation's state, and every request waits for that; requests go one
 * after the other, as a local actor would take them. It lives for one respawn generation: when the coordinator stops
 * it, it stops restoring and tells the entity it may go ({@link LabelerEntity.Release}).
 */
public final class ShardedLabeler {
    /** How long one attempt to restore the entity waits before trying again (a dead node's shard may take ~15 s to move). */
    private static final Duration RESTORE_ATTEMPT = Duration.ofSeconds(5);

    private final EntityRef<LabelerEntity.Command> entity;
    private final String labelerId;
    private final int generation;
    private final Duration timeout;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    /** The last request: the next one starts when it is answered. */
    private CompletionStage<?> tail;

    private ShardedLabeler(EntityRef<LabelerEntity.Command> entity, String labelerId, int generation, Duration timeout) {
        this.entity = entity;
        this.labelerId = labelerId;
        this.generation = generation;
        this.timeout = timeout;
        this.tail = restored;
    }

    /**
     * @param restore the entity's restore message for {@code generation}, given its reply address
     * @param timeout how long one request may wait for the entity (the run's chat.ppo.ask_timeout)
     */
    public static Behavior<LabelerRole.Command> create(EntityRef<LabelerEntity.Command> entity, String labelerId, int generation,
            Function<ActorRef<LabelerEntity.Answer>, LabelerEntity.Restore> restore, Duration timeout) {
        return Behaviors.setup(context -> {
            ShardedLabeler labeler = new ShardedLabeler(entity, labelerId, generation, timeout);
            labeler.restore(restore);
            return labeler.behavior();
        });
    }

    private Behavior<LabelerRole.Command> behavior() {
        return Behaviors.receive(LabelerRole.Command.class)
                .onMessage(LabelerRole.Rank.class, m -> {
                    List<LabelerEntity.Task> tasks = new ArrayList<>(m.tasks().size());
                    for (LabelerRole.Task t : m.tasks()) {
                        tasks.add(new LabelerEntity.Task(t.index(), LabelerEntity.PromptDto.of(t.prompt()), t.responses()));
                    }
                    request(r -> new LabelerEntity.Rank(generation, tasks, r), m.replyTo(), a -> {
                        List<LabelerRole.Ranked> out = new ArrayList<>(a.rankings().size());
                        for (LabelerEntity.Ranked r : a.rankings()) {
                            out.add(new LabelerRole.Ranked(r.index(), r.ranking(), r.labelsGivenBefore()));
                        }
                        return out;
                    });
                    return Behaviors.same();
                })
                .onMessage(LabelerRole.Snapshot.class, m -> {
                    request(r -> new LabelerEntity.Snapshot(generation, r), m.replyTo(), this::state);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, signal -> {
                    stopped.set(true);
                    entity.tell(new LabelerEntity.Release(generation));
                    return Behaviors.same();
                })
                .build();
    }

    private LabelerState state(LabelerEntity.Answer a) {
        LabelerState.Builder b = LabelerState.newBuilder().setId(labelerId).setLabelsGiven(a.labelsGiven());
        for (long word : a.rng()) {
            b.addRng(word);
        }
        return b.build();
    }

    /** Restores the entity, trying again while its shard is unreachable, until it answers or this role stops. */
    private void restore(Function<ActorRef<LabelerEntity.Answer>, LabelerEntity.Restore> restore) {
        entity.<LabelerEntity.Answer>ask(restore::apply, RESTORE_ATTEMPT).whenComplete((answer, error) -> {
            if (error != null) {
                if (stopped.get()) {
                    restored.completeExceptionally(error);
                } else {
                    restore(restore);
                }
            } else if (answer.refusal() != null) {
                restored.completeExceptionally(new IllegalStateException(answer.refusal()));
            } else {
                restored.complete(null);
            }
        });
    }

    /** Asks the entity once it is restored and the previous request was answered; answers {@code replyTo} either way. */
    private <T> void request(Function<ActorRef<LabelerEntity.Answer>, LabelerEntity.Command> message, ActorRef<StatusReply<T>> replyTo,
            Function<LabelerEntity.Answer, T> result) {
        CompletionStage<T> answered = tail.handle((x, e) -> null)
                .thenCompose(x -> restored)
                .thenCompose(x -> entity.<LabelerEntity.Answer>ask(message::apply, timeout))
                .thenApply(a -> {
                    if (a.refusal() != null) {
                        throw new IllegalStateException(a.refusal());
                    }
                    return result.apply(a);
                });
        answered.whenComplete((value, error) -> replyTo.tell(error == null ? StatusReply.success(value)
                : StatusReply.error(error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause().getMessage() : error.getMessage())));
        tail = answered;
    }
}
