package dev.alignsim.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.store.ChildJvm;
import dev.alignsim.app.sweep.Experiment;
import dev.alignsim.app.sweep.Sweep;
import dev.alignsim.app.sweep.SweepFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second guard against an experiment running twice: while another process still writes its store (a child of a
 * node that has not gone yet, here a plain alignsim run), the entity's resume is refused by the store's lock and
 * retried; once that process is gone, the experiment resumes and completes.
 */
class ExperimentEntityLockTest {
    private static final int ITERATIONS = 120;

    @TempDir
    Path dir;

    private ActorSystem<Void> node;
    private Process writer;

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.destroyForcibly();
        }
        if (node != null) {
            node.terminate();
            node.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldWaitForTheStoreAndThenResumeWhenAnotherProcessStillWritesIt() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"CartPole-v1\"\ntotal_timesteps = " + ITERATIONS * 256 + "\nnum_envs = 4\n"
                + "num_steps = 64\ndevice = cpu\nstorage.checkpoint_every = 2\n");
        Files.writeString(dir.resolve("sweep.conf"), "base = \"base.conf\"\nseeds = [1]\n");
        Path root = dir.resolve("root");
        Sweep sweep = Sweep.prepare(SweepFile.read(dir.resolve("sweep.conf")), root);
        Experiment experiment = sweep.experiments().get(0);
        Path metrics = sweep.run(experiment.name()).resolve("metrics.jsonl");
        Path writerLog = dir.resolve("writer.log");
        writer = ChildJvm.alignsim(writerLog, "run", "--config", sweep.config(experiment.name()).toString(), "--out",
                sweep.run(experiment.name()).toString(), "--no-progress");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(metrics) < 2 && System.nanoTime() < deadline && writer.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(writer.isAlive() && lines(metrics) >= 2, "the writer was not under way:\n" + Files.readString(writerLog));

        int port = ClusterNodes.freePorts(1)[0];
        node = ClusterNode.start(ClusterSettings.of("127.0.0.1", port, List.of(), List.of(ClusterSettings.EXPERIMENT_ROLE), null, null, null),
                root, 1);
        java.util.function.Supplier<EntityRef<ExperimentEntity.Command>> entity =
                () -> ClusterSharding.get(node).entityRefFor(ExperimentEntity.TYPE_KEY, experiment.name());
        ExperimentEntity.Status status = awaitStatus(entity, s -> s.detail().startsWith("store in use"), 90);
        assertEquals(ExperimentEntity.State.QUEUED, status.state(), status.toString());
        assertTrue(writer.isAlive(), "the writer finished before the entity met its lock; make the run longer");

        ChildJvm.kill(writer);
        status = awaitStatus(entity, s -> s.state() == ExperimentEntity.State.DONE || s.state() == ExperimentEntity.State.FAILED, 120);
        assertEquals(ExperimentEntity.State.DONE, status.state(), status + "\n" + Files.readString(sweep.log(experiment.name())));
        assertEquals(ITERATIONS, lines(metrics));
        assertTrue(Files.readString(sweep.log(experiment.name())).contains("resuming"), Files.readString(sweep.log(experiment.name())));
    }

    private static ExperimentEntity.Status awaitStatus(java.util.function.Supplier<EntityRef<ExperimentEntity.Command>> entity,
            java.util.function.Predicate<ExperimentEntity.Status> wanted, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExperimentEntity.Status last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = entity.get().<ExperimentEntity.Status>ask(ExperimentEntity.Poll::new, Duration.ofSeconds(3)).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                if (wanted.test(last)) {
                    return last;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IllegalStateException e) {
                // the node is still starting its sharding
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such status within " + seconds + " s; last: " + last);
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
