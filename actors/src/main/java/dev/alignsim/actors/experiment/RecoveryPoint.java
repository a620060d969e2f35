package dev.alignsim.actors.experiment;

import dev.alignsim.storage.proto.Checkpoint;

/**
 * Where a recovery goes back to, the last committed checkpoint (none: the run's start), and how many recoveries
 * the run has left.
 */
final class RecoveryPoint {
    private final int allowed;
    private Checkpoint checkpoint;
    private int used;

    /** @param resumedFrom the checkpoint the run resumed from, or null for a new run */
    RecoveryPoint(Checkpoint resumedFrom, int runners, int allowed) {
        if (resumedFrom != null && resumedFrom.getRunnersCount() != runners) {
            throw new IllegalStateException("checkpoint holds " + resumedFrom.getRunnersCount() + " env runners, the run has " + runners);
        }
        this.checkpoint = resumedFrom;
        this.allowed = allowed;
    }

    /** The last committed checkpoint, or null before the first. */
    Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The iteration after which the run goes on: the checkpoint's, or 0 at the run's start. */
    int after() {
        return checkpoint == null ? 0 : (int) checkpoint.getIteration();
    }

    void committed(Checkpoint newer) {
        checkpoint = newer;
    }

    /** Counts a recovery; false when none is left. */
    boolean spend() {
        if (used >= allowed) {
            return false;
        }
        used++;
        return true;
    }

    /** For the log: which recovery this is and where it goes back to. */
    String describe() {
        return "restoring every role from " + (checkpoint == null ? "the run's start" : "the checkpoint of iteration " + after())
                + " and going on (recovery " + used + " of at most " + allowed + ")";
    }

    /** For the failure when none is left. */
    String exhausted() {
        return "no recovery left (alignsim.actors.max_recoveries = " + allowed + ")";
    }
}
