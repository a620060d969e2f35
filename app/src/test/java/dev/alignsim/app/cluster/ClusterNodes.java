package dev.alignsim.app.cluster;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the cluster tests share: loopback ports for their members, and waiting for a member's log to say something. */
final class ClusterNodes {
    private ClusterNodes() {}

    /** {@code n} distinct loopback ports free right now (all held open together, so none is given twice). */
    static int[] freePorts(int n) throws Exception {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            sockets.add(socket);
            ports[i] = socket.getLocalPort();
        }
        for (ServerSocket socket : sockets) {
            socket.close();
        }
        return ports;
    }

    /**
     * Waits until {@code log} contains {@code text}.
     *
     * @throws AssertionError with the log when {@code process} exits or {@code seconds} pass first
     */
    static void awaitLine(Path log, String text, Process process, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
