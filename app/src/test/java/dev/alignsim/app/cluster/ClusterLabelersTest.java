package dev.alignsim.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.store.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelers on a cluster, end to end: two {@code alignsim node} JVMs on loopback (with
 * {@code pekko.actor.serialize-messages = on}) host the simulated labelers of a tiny ChatWorld pipeline started with
 * {@code alignsim run --labelers-on}; its metrics.jsonl equals the same run's with local labelers, timing aside, also
 * when one of three nodes, hosting labelers, is killed with SIGKILL mid-run (the run recovers from its last checkpoint
 * and the labelers are restored on the survivors).
 */
class ClusterLabelersTest {
    private static final List<String> NODE_JVM = List.of("-Dpekko.actor.serialize-messages=on");
    /** ChatResumeAfterKillTest's tiny pipeline, shorter, with a labeling round every other PPO iteration. */
    private static final List<String> TINY = List.of("env=ChatWorld", "pipeline=[sft, label, rm, ppo]", "device=cpu", "seed=3",
            "chat.world.topics=2", "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2",
            "chat.world.values=4", "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8",
            "chat.model.hidden=16", "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=3",
            "chat.sft.batch_size=10", "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10",
            "chat.eval.prompts=40", "chat.ppo.iterations=12", "chat.ppo.batch_prompts=32", "chat.ppo.checkpoint_every=4",
            "chat.ppo.label_every=2", "chat.ppo.label_prompts=16", "chat.ppo.rm_replay=16", "chat.ppo.sample_every=0");
    /** Three labelers who sample their rankings (so each one's generator state matters) and tire at different rates. */
    private static final String LABELERS = "chat.labelers = [\n"
            + "  { id = \"calm\", strategy = \"boltzmann\", share = 2, params { temperature = 0.3 } }\n"
            + "  { id = \"noisy\", strategy = \"boltzmann\", share = 1, params { temperature = 1.0 } }\n"
            + "  { id = \"sharp\", strategy = \"boltzmann\", share = 1, params { temperature = 0.05 } }\n"
            + "]\n";
    /** sft, label, rm, 12 ppo iterations and the closing ppo-eval line. */
    private static final int LINES = 16;
    private static final Pattern RESTORED = Pattern.compile("labeler \\S+/(\\S+): generation (\\d+) on 127\\.0\\.0\\.1:(\\d+)");

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
    void shouldWriteTheLocalRunsMetricsWhenTheLabelersRunOnClusterNodes() throws Exception {
        long start = System.nanoTime();
        Path config = dir.resolve("labelers.conf");
        Files.writeString(config, LABELERS);
        int[] ports = ClusterNodes.freePorts(2);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            nodes.add(start(NODE_JVM, dir.resolve("node" + i + ".log"), "node", "--port", String.valueOf(ports[i]), "--seeds", seeds,
                    "--root", dir.resolve("root").toString()));
        }
        // The reference, with local labelers, runs while the nodes start.
        Process local = start(List.of(), dir.resolve("local.log"), run(config, dir.resolve("local")));
        for (int i = 0; i < 2; i++) {
            ClusterNodes.awaitLine(dir.resolve("node" + i + ".log"), "node: up at", nodes.get(i), 90);
        }
        long sharedStart = System.nanoTime();
        List<String> args = new ArrayList<>(List.of(run(config, dir.resolve("sharded"))));
        args.addAll(List.of("--labelers-on", seeds));
        Process sharded = start(List.of(), dir.resolve("sharded.log"), args.toArray(String[]::new));

        assertEquals(0, ChildJvm.await(local, dir.resolve("local.log"), 240), Files.readString(dir.resolve("local.log")));
        assertEquals(0, ChildJvm.await(sharded, dir.resolve("sharded.log"), 240), Files.readString(dir.resolve("sharded.log")));
        System.out.printf(Locale.ROOT, "run with labelers on 2 nodes: %.1f s; whole test %.1f s%n", (System.nanoTime() - sharedStart) / 1e9,
                (System.nanoTime() - start) / 1e9);

        Set<String> hosted = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            hosted.addAll(labelers(dir.resolve("node" + i + ".log"), 0));
        }
        assertEquals(Set.of("calm", "noisy", "sharp"), hosted, "labelers restored on the nodes");
        List<String> expected = ChildJvm.withoutTiming(dir.resolve("local").resolve("metrics.jsonl"));
        assertEquals(LINES, expected.size());
        assertTrue(expected.stream().anyMatch(l -> l.contains("\"label/comparisons\"")), "no labeling round during PPO");
        assertEquals(expected, ChildJvm.withoutTiming(dir.resolve("sharded").resolve("metrics.jsonl")));
        assertFalse(Files.readString(dir.resolve("sharded.log")).contains("restoring every role"), "the run needed no recovery");
    }

    @Test
    void shouldWriteTheLocalRunsMetricsWhenANodeHostingLabelersIsKilledMidRun() throws Exception {
        long start = System.nanoTime();
        Path config = dir.resolve("labelers.conf");
        Files.writeString(config, LABELERS);
        // Longer, so the kill lands mid-PPO; a dead labeler is noticed within ask_timeout and the run recovers.
        List<String> more = List.of("chat.ppo.iterations=24", "chat.ppo.ask_timeout=15s", "chat.ppo.max_recoveries=8");
        int[] ports = ClusterNodes.freePorts(3);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(start(NODE_JVM, dir.resolve("node" + i + ".log"), "node", "--port", String.valueOf(ports[i]), "--seeds", seeds,
                    "--root", dir.resolve("root").toString()));
        }
        Process local = start(List.of(), dir.resolve("local.log"), run(config, dir.resolve("local"), more));
        for (int i = 0; i < 3; i++) {
            ClusterNodes.awaitLine(dir.resolve("node" + i + ".log"), "node: up at", nodes.get(i), 90);
        }
        List<String> args = new ArrayList<>(List.of(run(config, dir.resolve("sharded"), more)));
        args.addAll(List.of("--labelers-on", seeds));
        Process sharded = start(List.of(), dir.resolve("sharded.log"), args.toArray(String[]::new));

        // The victim: the node hosting the most labelers, once PPO has committed iterations with labeling rounds.
        Path metrics = dir.resolve("sharded").resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && sharded.isAlive() && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 3 + 6)) {
            Thread.sleep(50);
        }
        assertTrue(sharded.isAlive(), "the run ended before the kill:\n" + Files.readString(dir.resolve("sharded.log")));
        int victim = 0;
        List<Set<String>> hosted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hosted.add(labelers(dir.resolve("node" + i + ".log"), 0));
            victim = hosted.get(i).size() > hosted.get(victim).size() ? i : victim;
        }
        assertFalse(hosted.get(victim).isEmpty(), "no node hosts a labeler");
        long killedAt = System.nanoTime();
        ChildJvm.kill(nodes.get(victim));

        assertEquals(0, ChildJvm.await(local, dir.resolve("local.log"), 240), Files.readString(dir.resolve("local.log")));
        assertEquals(0, ChildJvm.await(sharded, dir.resolve("sharded.log"), 300), Files.readString(dir.resolve("sharded.log")));
        System.out.printf(Locale.ROOT, "node hosting %s killed; the run finished %.1f s later; whole test %.1f s%n", hosted.get(victim),
                (System.nanoTime() - killedAt) / 1e9, (System.nanoTime() - start) / 1e9);

        Set<String> movedTo = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            if (i != victim) {
                movedTo.addAll(labelers(dir.resolve("node" + i + ".log"), 1));
            }
        }
        assertTrue(movedTo.containsAll(hosted.get(victim)), "the killed node's labelers " + hosted.get(victim)
                + " restored on a survivor in a later generation; there: " + movedTo);
        long recoveries = Files.readAllLines(dir.resolve("sharded").resolve("alignsim.log")).stream()
                .filter(l -> l.contains("restoring every role")).count();
        System.out.printf(Locale.ROOT, "recoveries after the kill: %d%n", recoveries);
        assertTrue(recoveries >= 1, "no recovery");
        List<String> expected = ChildJvm.withoutTiming(dir.resolve("local").resolve("metrics.jsonl"));
        assertEquals(28, expected.size());
        assertEquals(expected, ChildJvm.withoutTiming(metrics));
    }

    /** The labelers a node's log shows restored in generation {@code from} or later. */
    private static Set<String> labelers(Path log, int from) throws Exception {
        Set<String> out = new HashSet<>();
        Matcher m = RESTORED.matcher(Files.readString(log));
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) >= from) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String[] run(Path config, Path out) {
        return run(config, out, List.of());
    }

    private static String[] run(Path config, Path out, List<String> more) {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--out", out.toString(), "--no-progress"));
        for (String setting : TINY) {
            args.add("--set");
            args.add(setting);
        }
        for (String setting : more) {
            args.add("--set");
            args.add(setting);
        }
        return args.toArray(String[]::new);
    }

    private Process start(List<String> jvm, Path log, String... args) throws Exception {
        Process process = ChildJvm.start(jvm, log, "dev.alignsim.app.Main", args);
        processes.add(process);
        return process;
    }
}
