package dev.alignsim.app.cli;

import dev.alignsim.app.cluster.ClusterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code run} and {@code resume}'s options that put a ChatWorld run's simulated labelers on the cluster's
 * {@code alignsim node} members (docs/CLUSTER.md, "Labelers on a cluster"); without {@code --labelers-on} they stay in
 * the run's process.
 */
public final class LabelerPoolOptions {
    @Option(names = "--labelers-on", paramLabel = "HOST:PORT", split = ",", description = "Run the RLHF stage's labelers on the "
            + "cluster of these alignsim node seed members, one entity per simulated labeler (ChatWorld only; the metrics are those "
            + "of a run without it).")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--cluster-host", paramLabel = "H", defaultValue = "127.0.0.1", description = "With --labelers-on: the address "
            + "this run binds to and the nodes answer to (default: ${DEFAULT-VALUE}); off loopback it requires TLS.")
    String host;

    @Option(names = "--cluster-port", paramLabel = "P", defaultValue = "0", description = "With --labelers-on: the port this run "
            + "binds to (default: any free one).")
    int port;

    @Option(names = "--tls-key-store", paramLabel = "FILE", description = "With --labelers-on: this run's key and certificate (PKCS12 "
            + "or JKS), password in " + ClusterSettings.PASSWORD_ENV + ".")
    Path keyStore;

    @Option(names = "--tls-trust-store", paramLabel = "FILE", description = "With --labelers-on: the certificates of the cluster's "
            + "authority.")
    Path trustStore;

    /** The cluster to put the labelers on, checked; empty when they stay in the run's process. */
    Optional<ClusterSettings> cluster() {
        if (seeds.isEmpty()) {
            if (keyStore != null || trustStore != null) {
                throw new InvalidArgumentException("--tls-key-store and --tls-trust-store are for --labelers-on, which is not given");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterSettings.of(host, port, seeds, List.of(), keyStore, trustStore,
                    System.getenv(ClusterSettings.PASSWORD_ENV)));
        } catch (InvalidArgumentException e) {
            // ClusterSettings names a node's options; name this command's.
            throw new InvalidArgumentException(e.getMessage().replaceFirst("^--seeds ", "--labelers-on ").replaceFirst("^--host ", "--cluster-host ")
                    .replaceFirst("^--port ", "--cluster-port "));
        }
    }
}
