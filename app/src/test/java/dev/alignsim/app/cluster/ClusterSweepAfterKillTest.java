package dev.alignsim.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.store.ChildJvm;
import dev.alignsim.app.sweep.Experiment;
import dev.alignsim.app.sweep.Sweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's guarantee, end to end: three {@code alignsim node} JVMs on loopback and a sweep of six experiments
 * (four tiny CartPole runs, two tiny ChatWorld pipelines) submitted by {@code alignsim sweep --seeds}; one node is
 * killed with SIGKILL while it runs an experiment that has committed iterations. Every experiment completes, and each
 * one's metrics.jsonl equals a single-node {@code alignsim run} of the same settings and seed (timing aside). Every
 * member runs with {@code pekko.actor.serialize-messages = on}.
 */
class ClusterSweepAfterKillTest {
    private static final List<String> JVM = List.of("-Dpekko.actor.serialize-messages=on");
    /** ChatResumeAfterKillTest's tiny pipeline, with fewer PPO iterations. */
    private static final List<String> TINY_CHAT = List.of("env=ChatWorld", "pipeline=[sft, label, rm, ppo]", "device=cpu",
            "chat.world.topics=2", "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2",
            "chat.world.values=4", "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8",
            "chat.model.hidden=16", "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3",
            "chat.sft.batch_size=10", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=40", "chat.ppo.iterations=12", "chat.ppo.batch_prompts=32", "chat.ppo.checkpoint_every=2",
            "chat.ppo.label_every=5", "chat.ppo.label_prompts=16", "chat.ppo.rm_replay=16", "chat.ppo.sample_every=0");
    private static final Pattern RUNNING = Pattern.compile("sweep: (\\S+) running on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern AGAIN = Pattern.compile("sweep: (\\S+) running again on \\S+ \\(child JVM started at (\\d+) ms");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldWriteTheSingleNodeMetricsOfEveryExperimentWhenANodeIsKilledMidSweep() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"CartPole-v1\"\ntotal_timesteps = 5120\nnum_envs = 4\nnum_steps = 64\n"
                + "device = cpu\nstorage.checkpoint_every = 2\n");
        StringBuilder chat = new StringBuilder();
        for (String setting : TINY_CHAT) {
            int eq = setting.indexOf('=');
            chat.append('"').append(setting, 0, eq).append("\" = ").append(setting.substring(eq + 1)).append(", ");
        }
        Path sweepFile = dir.resolve("sweep.conf");
        Files.writeString(sweepFile, "base = \"base.conf\"\nseeds = [1, 2]\nruns = [ { \"ppo.learning_rate\" = 0.001 }, "
                + "{ \"ppo.learning_rate\" = 0.0003 }, { " + chat + "} ]\n");
        Path root = dir.resolve("root");
        Sweep sweep = Sweep.prepare(dev.alignsim.app.sweep.SweepFile.read(sweepFile), root);
        assertEquals(6, sweep.experiments().size());

        long referenceStart = System.nanoTime();
        runReferences(sweep);
        System.out.printf(Locale.ROOT, "single-node reference runs: %.1f s%n", (System.nanoTime() - referenceStart) / 1e9);

        int[] ports = ClusterNodes.freePorts(3);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path log = dir.resolve("node" + i + ".log");
            nodes.add(start(log, "node", "--port", String.valueOf(ports[i]), "--seeds", seeds, "--root", root.toString(), "--jobs", "4"));
        }
        for (int i = 0; i < 3; i++) {
            ClusterNodes.awaitLine(dir.resolve("node" + i + ".log"), "node: up at", nodes.get(i), 90);
        }
        long sweepStart = System.nanoTime();
        Path clientLog = dir.resolve("sweep.log");
        Process client = start(clientLog, "sweep", "--config", sweepFile.toString(), "--root", root.toString(), "--seeds",
                seeds + ",127.0.0.1:" + ports[2]);

        // The victim: a node running an experiment that has committed iterations.
        int victim = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (victim < 0 && System.nanoTime() < deadline && client.isAlive()) {
            Matcher m = RUNNING.matcher(Files.readString(clientLog));
            while (m.find()) {
                Path metrics = sweep.run(m.group(1)).resolve("metrics.jsonl");
                if (Files.exists(metrics) && Files.readAllLines(metrics).size() >= 3 && !Files.readString(clientLog).contains(m.group(1) + " done")) {
                    for (int i = 0; i < 3; i++) {
                        victim = Integer.parseInt(m.group(2)) == ports[i] ? i : victim;
                    }
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(victim >= 0, "no experiment with committed iterations to kill a node under; sweep log:\n" + Files.readString(clientLog));
        long killedAt = System.currentTimeMillis();
        ChildJvm.kill(nodes.get(victim));

        int exit = ChildJvm.await(client, clientLog, 240);
        String out = Files.readString(clientLog);
        assertEquals(0, exit, out);
        System.out.printf(Locale.ROOT, "cluster sweep of %d experiments on 3 nodes, one killed: %.1f s%n", sweep.experiments().size(),
                (System.nanoTime() - sweepStart) / 1e9);
        Matcher again = AGAIN.matcher(out);
        long slowest = -1;
        while (again.find()) {
            long after = Long.parseLong(again.group(2)) - killedAt;
            slowest = Math.max(slowest, after);
            System.out.printf(Locale.ROOT, "%s running again %.1f s after the kill%n", again.group(1), after / 1e3);
        }
        assertTrue(slowest >= 0, "no experiment ran again after the kill; sweep log:\n" + out);
        System.out.printf(Locale.ROOT, "kill -> every experiment of the killed node running again: %.1f s%n", slowest / 1e3);
        for (Experiment experiment : sweep.experiments()) {
            List<String> expected = ChildJvm.withoutTiming(dir.resolve("reference").resolve(experiment.name()).resolve("metrics.jsonl"));
            assertFalse(expected.isEmpty());
            assertEquals(expected, ChildJvm.withoutTiming(sweep.run(experiment.name()).resolve("metrics.jsonl")), experiment.name());
        }
    }

    /** Each experiment by alignsim run from the base config and --set, two at a time. */
    private void runReferences(Sweep sweep) throws Exception {
        List<Experiment> experiments = sweep.experiments();
        for (int i = 0; i < experiments.size(); i += 2) {
            List<Process> pair = new ArrayList<>();
            for (Experiment experiment : experiments.subList(i, Math.min(i + 2, experiments.size()))) {
                List<String> args = new ArrayList<>(List.of("run", "--config", dir.resolve("base.conf").toString(), "--out",
                        dir.resolve("reference").resolve(experiment.name()).toString(), "--no-progress"));
                for (String override : experiment.overrides()) {
                    args.add("--set");
                    args.add(override);
                }
                // Without serialize-messages: a run's local actors exchange messages that never cross a node.
                Process process = ChildJvm.alignsim(dir.resolve("reference-" + experiment.name() + ".log"), args.toArray(String[]::new));
                processes.add(process);
                pair.add(process);
            }
            for (int k = 0; k < pair.size(); k++) {
                Path log = dir.resolve("reference-" + experiments.get(i + k).name() + ".log");
                assertEquals(0, ChildJvm.await(pair.get(k), log, 240), Files.readString(log));
            }
        }
    }

    private Process start(Path log, String... args) throws Exception {
        Process process = ChildJvm.start(JVM, log, "dev.alignsim.app.Main", args);
        processes.add(process);
        return process;
    }
}
