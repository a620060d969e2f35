package dev.alignsim.actors.rlhf;

import dev.alignsim.storage.proto.Checkpoint;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last checkpoint the coordinator committed, shared in one JVM with the role actors, so that an actor its
 * supervisor restarts starts again from it (or from its initial state before the first checkpoint).
 */
public final class LastCheckpoint {
    private final AtomicReference<Checkpoint> latest = new AtomicReference<>();

    public LastCheckpoint(Checkpoint initial) {
        latest.set(initial);
    }

    public void set(Checkpoint checkpoint) {
        latest.set(checkpoint);
    }

    public Optional<Checkpoint> get() {
        return Optional.ofNullable(latest.get());
    }
}
