package dev.alignsim.bench;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.experiment.ExperimentRunner;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.experiment.ProgressListener;
import dev.alignsim.actors.experiment.RunSummary;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.policy.device.ComputeDevice;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.storage.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end benchmarks, whole runs through the actors as {@code alignsim run} does them:
 * <ul>
 *   <li>{@code throughput CONFIG SEED...}: environment steps per second over whole runs;</li>
 *   <li>{@code time-to-solve CONFIG THRESHOLD SEED...}: wall seconds from the start of the run until the mean
 *       return of the last 100 episodes first reaches the threshold.</li>
 * </ul>
 * Each run writes into a fresh directory under {@code target/bench-runs}.
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EndToEnd throughput CONFIG SEED... | time-to-solve CONFIG THRESHOLD SEED...");
            System.exit(2);
        }
        Path config = Path.of(args[1]);
        Config base = SettingsLoader.load(config, List.of());
        String rendered = SettingsLoader.render(base);
        TorchThreads.configure(SettingsLoader.torchThreads(base));
        Device device = ComputeDevice.resolve(SettingsLoader.experiment(base).device());
        boolean solve = args[0].equals("time-to-solve");
        double threshold = solve ? Double.parseDouble(args[2]) : Double.NaN;
        List<String> lines = new ArrayList<>();
        for (int i = solve ? 3 : 2; i < args.length; i++) {
            long seed = Long.parseLong(args[i]);
            ExperimentSettings settings = SettingsLoader.experiment(SettingsLoader.load(config, List.of("seed=" + seed)));
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench-runs")), "run");
            long start = System.nanoTime();
            double[] solvedAt = {Double.NaN};
            ProgressListener listener = progress -> {
                if (Double.isNaN(solvedAt[0]) && progress.episodeReturnMean() >= threshold) {
                    solvedAt[0] = (System.nanoTime() - start) / 1e9;
                }
            };
            RunSummary summary = ExperimentRunner.start(
                    ExperimentRunner.Run.of(settings, device, RunDirectory.createNew(dir), listener), rendered);
            String line = solve
                    ? String.format(Locale.ROOT, "%s seed %d: solved (mean return >= %.0f) after %.1f s; run total %.1f s, final return %.1f",
                            config.getFileName(), seed, threshold, solvedAt[0], summary.wallSeconds(), summary.finalEpisodeReturnMean())
                    : String.format(Locale.ROOT, "%s seed %d: %d steps in %.2f s = %.0f steps/s, final return %.1f",
                            config.getFileName(), seed, summary.envSteps(), summary.wallSeconds(),
                            summary.envSteps() / summary.wallSeconds(), summary.finalEpisodeReturnMean());
            System.out.println(line);
            lines.add(line);
        }
        System.out.println("---");
        lines.forEach(System.out::println);
    }
}
