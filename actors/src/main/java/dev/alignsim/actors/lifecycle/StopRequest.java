package dev.alignsim.actors.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop a run at its next iteration boundary, after a checkpoint there, so that {@code alignsim resume}
 * continues it exactly. Set from any thread (a signal handler); read by the coordinators between iterations.
 */
public final class StopRequest {
    private static final StopRequest PROCESS = new StopRequest();

    private final AtomicBoolean requested = new AtomicBoolean();

    /** The request the command line's signal handlers set for the runs of this process. */
    public static StopRequest process() {
        return PROCESS;
    }

    /** A request of its own, for a run that a test stops. */
    public static StopRequest separate() {
        return new StopRequest();
    }

    /** @return whether this is the first request (a second one means: stop at once) */
    public boolean request() {
        return requested.compareAndSet(false, true);
    }

    public boolean isRequested() {
        return requested.get();
    }
}
