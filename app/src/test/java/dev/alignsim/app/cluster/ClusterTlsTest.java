package dev.alignsim.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between nodes: members whose certificate the cluster's trust store holds join; a node with another
 * certificate, or with none (plain TCP), does not. Key stores are made at test time with the JDK's keytool, on
 * loopback (nodes only refuse non-loopback addresses without TLS; TLS itself works on any address).
 */
class ClusterTlsTest {
    private static final String PASSWORD = "alignsim-test";

    @TempDir
    static Path keys;

    @TempDir
    Path root;

    private final List<ActorSystem<Void>> systems = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        for (String name : List.of("cluster", "rogue")) {
            keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=alignsim-" + name, "-validity", "2",
                    "-keystore", keys.resolve(name + ".p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        }
        keytool("-exportcert", "-alias", "cluster", "-keystore", keys.resolve("cluster.p12").toString(), "-storepass", PASSWORD,
                "-file", keys.resolve("cluster.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "cluster", "-file", keys.resolve("cluster.crt").toString(), "-keystore",
                keys.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ":\n" + out);
    }

    @AfterEach
    void stop() throws Exception {
        // All at once: a member leaving waits on the others, and one that never joined keeps trying.
        systems.forEach(ActorSystem::terminate);
        for (ActorSystem<Void> system : systems) {
            system.getWhenTerminated().toCompletableFuture().get(90, TimeUnit.SECONDS);
        }
    }

    private ActorSystem<Void> node(int port, int seed, String keyStore) {
        ClusterSettings settings = ClusterSettings.of("127.0.0.1", port, List.of("127.0.0.1:" + seed), List.of(ClusterSettings.EXPERIMENT_ROLE),
                keyStore == null ? null : keys.resolve(keyStore), keyStore == null ? null : keys.resolve("trust.p12"),
                keyStore == null ? null : PASSWORD);
        ActorSystem<Void> system = ClusterNode.start(settings, root, 1);
        systems.add(system);
        return system;
    }

    private static boolean up(ActorSystem<Void> system, long seconds) throws InterruptedException {
        Cluster cluster = Cluster.get(Adapter.toClassic(system));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (cluster.selfMember().status() == MemberStatus.up()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int upMembers(ActorSystem<Void> system) {
        int n = 0;
        for (var member : Cluster.get(Adapter.toClassic(system)).state().getMembers()) {
            n += member.status() == MemberStatus.up() ? 1 : 0;
        }
        return n;
    }

    @Test
    void shouldKeepOutANodeWhenItsCertificateIsNotTrusted() throws Exception {
        int[] ports = ClusterNodes.freePorts(3);
        ActorSystem<Void> first = node(ports[0], ports[0], "cluster.p12");
        ActorSystem<Void> second = node(ports[1], ports[0], "cluster.p12");
        assertTrue(up(first, 60) && up(second, 60), "two nodes with the cluster's certificate did not form a cluster");
        ActorSystem<Void> rogue = node(ports[2], ports[0], "rogue.p12");
        assertTrue(!up(rogue, 15), "a node with a certificate the cluster does not trust joined");
        assertEquals(2, upMembers(first));
    }

    @Test
    void shouldKeepOutANodeWhenItHasNoCertificate() throws Exception {
        int[] ports = ClusterNodes.freePorts(2);
        ActorSystem<Void> first = node(ports[0], ports[0], "cluster.p12");
        assertTrue(up(first, 60), "a TLS node did not form a cluster of its own");
        ActorSystem<Void> plain = node(ports[1], ports[0], null);
        assertTrue(!up(plain, 15), "a node without TLS joined a TLS cluster");
        assertEquals(1, upMembers(first));
    }

    @Test
    void shouldRefuseToStartWhenBoundOffLoopbackWithoutTls() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute("node", "--host", "192.0.2.10", "--root", root.toString());
        } finally {
            System.setErr(original);
        }
        assertNotEquals(0, code);
        assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--host 192.0.2.10 is not a loopback address and no TLS is given"),
                err.toString(StandardCharsets.UTF_8));
    }
}
