package dev.alignsim.app.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C end a cluster member gracefully: it leaves the cluster (coordinated shutdown), its entities stop
 * and kill their child JVMs, and their experiments move to the other nodes. (A run's own handler, which waits for an
 * iteration boundary, does not apply to a member.)
 */
final class NodeSignals {
    private NodeSignals() {}

    static void terminateOnSignal(ActorSystem<?> system) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> system.terminate());
        }
    }
}
