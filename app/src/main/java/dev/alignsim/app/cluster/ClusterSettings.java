package dev.alignsim.app.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.alignsim.app.cli.InvalidArgumentException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cluster member's settings, checked once: where it binds, the seed nodes it joins, its roles and, off loopback,
 * its TLS key and trust stores. The Pekko configuration built from them sits over {@code alignsim-cluster.conf}
 * (the fixed part: serialization, split brain resolver, sharding); JVM system properties ({@code -Dpekko...}) win.
 *
 * @param host the address to bind and to be known by
 * @param port the port (0: any free one)
 * @param seeds seed nodes as host:port; empty: this node is its own seed (the first node of a cluster)
 * @param roles cluster roles: {@link #EXPERIMENT_ROLE} for nodes that run experiments, {@link #LABELER_ROLE} for nodes
 *     that host runs' labelers
 * @param tls the key and trust stores for Artery TLS, required off loopback
 */
public record ClusterSettings(String host, int port, List<String> seeds, List<String> roles, Optional<Tls> tls) {
    public static final String SYSTEM = "alignsim";
    public static final String EXPERIMENT_ROLE = "experiment";
    /** Members with this role host the simulated labelers of runs started with {@code alignsim run --labelers-on}. */
    public static final String LABELER_ROLE = "labeler";
    /** The environment variable that holds the key store's, its key's and the trust store's password. */
    public static final String PASSWORD_ENV = "ALIGNSIM_TLS_PASSWORD";

    /** Artery TLS with mutual authentication: both sides show a certificate the other's trust store holds. */
    public record Tls(Path keyStore, Path trustStore, String password) {}

    public ClusterSettings {
        seeds = List.copyOf(seeds);
        roles = List.copyOf(roles);
    }

    /**
     * Checks the options and reads the TLS password from {@link #PASSWORD_ENV}. A non-loopback host without TLS is
     * refused: an open Artery port would let anyone on the network join and run commands.
     */
    public static ClusterSettings of(String host, int port, List<String> seeds, List<String> roles, Path keyStore, Path trustStore,
            String password) {
        if (port < 0 || port > 65535) {
            throw new InvalidArgumentException("--port " + port + ": expected 0..65535");
        }
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            if (colon <= 0 || !seed.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new InvalidArgumentException("--seeds " + seed + ": expected host:port, e.g. 127.0.0.1:25520");
            }
        }
        Optional<Tls> tls = Optional.empty();
        if (keyStore != null || trustStore != null) {
            if (keyStore == null || trustStore == null) {
                throw new InvalidArgumentException("--tls-key-store and --tls-trust-store: expected both (mutual TLS), got only "
                        + (keyStore == null ? "--tls-trust-store" : "--tls-key-store"));
            }
            for (Path store : List.of(keyStore, trustStore)) {
                if (!Files.isRegularFile(store) || !Files.isReadable(store)) {
                    throw new InvalidArgumentException(store + " is not a readable key store; expected a PKCS12 or JKS file (docs/CLUSTER.md "
                            + "shows how to make one with keytool)");
                }
            }
            if (password == null || password.isEmpty()) {
                throw new InvalidArgumentException(PASSWORD_ENV + " is not set; expected the password of --tls-key-store, its key and "
                        + "--tls-trust-store in it");
            }
            tls = Optional.of(new Tls(keyStore.toAbsolutePath(), trustStore.toAbsolutePath(), password));
        }
        if (tls.isEmpty() && !loopback(host)) {
            throw new InvalidArgumentException("--host " + host + " is not a loopback address and no TLS is given: a node reachable from "
                    + "the network must authenticate its peers; expected --tls-key-store and --tls-trust-store (and " + PASSWORD_ENV
                    + "), or --host 127.0.0.1 (docs/CLUSTER.md)");
        }
        return new ClusterSettings(host, port, seeds, roles, tls);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidArgumentException("--host " + host + ": unknown host; expected an address of this machine");
        }
    }

    /** The member's Pekko configuration. */
    public Config config() {
        List<String> seedNodes = new ArrayList<>();
        for (String seed : seeds.isEmpty() ? List.of(host + ":" + port) : seeds) {
            seedNodes.add("pekko://" + SYSTEM + "@" + seed);
        }
        Config own = ConfigFactory.empty()
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
        if (tls.isPresent()) {
            String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
            own = own.withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                    .withValue(ssl + "key-store", ConfigValueFactory.fromAnyRef(tls.get().keyStore().toString()))
                    .withValue(ssl + "trust-store", ConfigValueFactory.fromAnyRef(tls.get().trustStore().toString()))
                    .withValue(ssl + "key-store-password", ConfigValueFactory.fromAnyRef(tls.get().password()))
                    .withValue(ssl + "key-password", ConfigValueFactory.fromAnyRef(tls.get().password()))
                    .withValue(ssl + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.get().password()))
                    .withValue(ssl + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
        }
        return ConfigFactory.systemProperties()
                .withFallback(own)
                .withFallback(ConfigFactory.parseResources("alignsim-cluster.conf"))
                .withFallback(ConfigFactory.load())
                .resolve();
    }
}
