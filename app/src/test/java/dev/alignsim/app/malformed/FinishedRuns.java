package dev.alignsim.app.malformed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Tiny finished runs of both worlds, made through the command line, and copies of them to damage. */
final class FinishedRuns {
    /** ChatWorld small enough for the whole pipeline, ppo included, to run in seconds. */
    static final List<String> TINY_CHAT = List.of("env=ChatWorld", "device=cpu", "seed=1", "chat.world.topics=2",
            "chat.world.words_per_topic=4", "chat.world.entities=4", "chat.world.attributes=2", "chat.world.values=4",
            "chat.world.harm_categories=2", "chat.world.filler=4", "chat.model.embedding=8", "chat.model.hidden=16",
            "chat.model.response_length=8", "chat.sft.demonstrations=100", "chat.sft.epochs=2", "chat.sft.batch_size=10",
            "chat.label.prompts=60", "chat.label.k=3", "chat.rm.epochs=2", "chat.rm.batch_size=10", "chat.eval.prompts=40",
            "chat.ppo.iterations=4", "chat.ppo.batch_prompts=16", "chat.ppo.label_every=2", "chat.ppo.label_prompts=8",
            "chat.ppo.rm_replay=8", "chat.ppo.checkpoint_every=2");
    /** CartPole for 4 iterations of 512 steps, a checkpoint every 2. */
    static final List<String> TINY_CARTPOLE = List.of("env=CartPole-v1", "device=cpu", "total_timesteps=2048",
            "storage.checkpoint_every=2");

    private FinishedRuns() {}

    /** {@code run --set ... --out dir} with {@code settings}, then further arguments. */
    static String[] runArgs(List<String> settings, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--no-progress", "--out", dir.toString()));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static Path cartPole(Path dir) {
        return make(TINY_CARTPOLE, dir);
    }

    static Path chat(Path dir) {
        return make(TINY_CHAT, dir);
    }

    private static Path make(List<String> settings, Path dir) {
        Refusals.Outcome outcome = Refusals.execute(runArgs(settings, dir));
        assertEquals(0, outcome.exit(), outcome.console());
        return dir;
    }

    /** A copy of {@code run} at {@code target}, to damage without touching the original. */
    static Path copy(Path run, Path target) {
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
