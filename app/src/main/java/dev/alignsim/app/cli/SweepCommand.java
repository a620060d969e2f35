package dev.alignsim.app.cli;

import dev.alignsim.app.cluster.ClusterSettings;
import dev.alignsim.app.cluster.ClusterSweep;
import dev.alignsim.app.console.Console;
import dev.alignsim.app.console.RunLog;
import dev.alignsim.app.sweep.LocalSweep;
import dev.alignsim.app.sweep.Sweep;
import dev.alignsim.app.sweep.SweepFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alignsim sweep}: every experiment of a sweep file (settings points x seeds), each in its own run directory
 * under the sweep's root. Running it again on the same root skips finished experiments and resumes the others.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a sweep: a base experiment config, a grid and/or list of setting overrides and seeds (a HOCON sweep "
                + "file, see examples/sweep-cartpole.conf); each experiment runs in its own run directory under --root, as a child "
                + "JVM (alignsim run, or alignsim resume when it was interrupted).",
            "Again on the same root: finished experiments are skipped, unfinished ones resumed (exactly). alignsim summary ROOT "
                + "prints the figures per setting across seeds."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The sweep file (HOCON: base, seeds, grid, runs).")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", description = "The sweep's root (default: sweeps/<sweep file name>): its manifest, "
            + "configs, runs and logs.")
    Path root;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Experiments at a time without cluster nodes "
            + "(default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--seeds", paramLabel = "HOST:PORT", split = ",", description = "Cluster seed nodes (alignsim node): the sweep "
            + "joins as a client and the nodes run the experiments; --root must be the root the nodes were given.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "With --seeds: this client's address "
            + "(default: ${DEFAULT-VALUE}); another than loopback requires TLS as for alignsim node.")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "With --seeds: this client's port (default: any free one).")
    int port;

    @Option(names = "--tls-key-store", paramLabel = "FILE", description = "With --seeds: this client's key and certificate.")
    Path keyStore;

    @Option(names = "--tls-trust-store", paramLabel = "FILE", description = "With --seeds: the certificates of the cluster's authority.")
    Path trustStore;

    @Override
    public Integer call() throws Exception {
        RunLog.console(false);
        if (jobs < 1) {
            throw new InvalidArgumentException("--jobs " + jobs + ": expected at least 1");
        }
        SweepFile file = SweepFile.read(config);
        Path dir = root != null ? root : Path.of("sweeps", config.getFileName().toString().replaceFirst("\\.conf$", ""));
        Sweep sweep = Sweep.prepare(file, dir);
        Console.say("sweep: " + sweep.experiments().size() + " experiments (" + file.points().size() + " settings x " + file.seeds().size()
                + " seeds) in " + dir + (seeds.isEmpty() ? ", " + jobs + " at a time" : ", on the cluster at " + String.join(",", seeds)));
        int failed;
        if (seeds.isEmpty()) {
            failed = LocalSweep.run(sweep, jobs);
        } else {
            ClusterSettings settings = ClusterSettings.of(host, port, seeds, List.of("client"), keyStore, trustStore,
                    System.getenv(ClusterSettings.PASSWORD_ENV));
            failed = ClusterSweep.run(sweep, settings);
        }
        if (failed > 0) {
            Console.say("sweep: " + failed + " of " + sweep.experiments().size() + " experiments failed; run the sweep again to resume them");
            return 1;
        }
        Console.say("sweep: all " + sweep.experiments().size() + " experiments are complete; alignsim summary " + dir);
        return 0;
    }
}
