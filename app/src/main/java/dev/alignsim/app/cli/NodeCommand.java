package dev.alignsim.app.cli;

import dev.alignsim.app.cluster.ClusterNode;
import dev.alignsim.app.cluster.ClusterSettings;
import dev.alignsim.app.console.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alignsim node}: a Pekko Cluster member that runs experiments of sweeps (docs/CLUSTER.md). It binds to
 * loopback unless given TLS key and trust stores, and runs until SIGTERM or Ctrl-C (it then leaves the cluster and its
 * experiments move to the other nodes).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Runs a cluster member that hosts experiments of sweeps (alignsim sweep --seeds): each experiment is a "
                + "Cluster Sharding entity that runs it as a child JVM into the shared sweep root. If a node dies, its experiments "
                + "resume on the others from their last checkpoints. It also hosts the simulated labelers of runs started with "
                + "alignsim run --labelers-on.",
            "Binds to 127.0.0.1 by default; any other address requires mutual TLS (--tls-key-store, --tls-trust-store and the "
                + "password in " + ClusterSettings.PASSWORD_ENV + "). Stops on SIGTERM or Ctrl-C, leaving the cluster."})
public final class NodeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "25520", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seeds", paramLabel = "HOST:PORT", split = ",", description = "Seed nodes to join (default: this node alone, "
            + "the first of a cluster).")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", required = true, description = "The sweep root the experiments write into, the same "
            + "directory on every node (a shared file system across machines).")
    Path root;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Experiments this node runs at a time, each a child "
            + "JVM keeping about one core busy (default: ${DEFAULT-VALUE}); the others wait on it.")
    int jobs;

    @Option(names = "--tls-key-store", paramLabel = "FILE", description = "This node's key and certificate (PKCS12 or JKS).")
    Path keyStore;

    @Option(names = "--tls-trust-store", paramLabel = "FILE", description = "The certificates of the cluster's authority.")
    Path trustStore;

    @Override
    public Integer call() throws Exception {
        RunLog.console(false);
        if (jobs < 1) {
            throw new InvalidArgumentException("--jobs " + jobs + ": expected at least 1");
        }
        ClusterSettings settings = ClusterSettings.of(host, port, seeds, List.of(ClusterSettings.EXPERIMENT_ROLE, ClusterSettings.LABELER_ROLE), keyStore, trustStore,
                System.getenv(ClusterSettings.PASSWORD_ENV));
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidArgumentException("--root " + root + " is a file; expected the sweep root (a directory)");
        }
        Files.createDirectories(root);
        ClusterNode.run(settings, root, jobs);
        return 0;
    }
}
