package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.StageRecord;
import dev.alignsim.storage.rocks.RecordKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a resume will do, read from the store before anything is written: whether the run is complete (then nothing
 * is resumed and the store stays as it is), where it starts, and which committed iterations it drops and computes
 * again because they came after the last checkpoint (a killed run, or a write-ahead log that lost its tail).
 *
 * @param complete every iteration (control world) or every stage (ChatWorld) is stored
 * @param message one line for the console: where the resume starts, and what it computes again
 * @param storedStages ChatWorld stages kept
 * @param keptIterations PPO iterations of an unfinished ppo stage kept (those up to its last checkpoint)
 */
record ResumePlan(boolean complete, String message, int storedStages, long keptIterations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A control world: iterations after the last checkpoint are computed again. */
    static ResumePlan control(Path dir, RunStore store, ExperimentSettings settings) {
        return control(dir, store, settings, lastWritten(dir));
    }

    private static ResumePlan control(Path dir, RunStore store, ExperimentSettings settings, long written) {
        int iterations = settings.iterations();
        if (store.complete()) {
            return new ResumePlan(true, dir + " is complete (all " + iterations + " iterations are committed); nothing to resume", 0, 0);
        }
        long checkpoint = store.lastCheckpoint().orElse(0);
        long committed = Math.max(written, store.stats(RecordKind.METRICS).lastIteration().orElse(0));
        String start = checkpoint == 0 ? "from the start (no checkpoint yet)" : "after the checkpoint of iteration " + checkpoint;
        return new ResumePlan(false, "resuming " + dir + " at iteration " + (checkpoint + 1) + " of " + iterations + ", " + start
                + recomputed("iteration", checkpoint, committed), 0, 0);
    }

    /** ChatWorld: the first stage not stored, or inside an unfinished ppo stage the iteration after its last checkpoint. */
    static ResumePlan chat(Path dir, RunStore store, ChatSettings settings, RlhfSettings rlhf) {
        List<StageName> pipeline = settings.pipeline();
        List<StageRecord> stages = store.stages();
        if (stages.size() >= pipeline.size()) {
            return new ResumePlan(true, dir + " is complete (all " + pipeline.size() + " stages of " + pipeline
                    + " are stored); nothing to resume", stages.size(), 0);
        }
        int next = stages.size();
        String stage = "stage " + (next + 1) + " of " + pipeline.size() + " (" + pipeline.get(next).configName() + ")";
        if (!pipeline.get(next).isPolicyGradient()) {
            return new ResumePlan(false, "resuming " + dir + " at " + stage, next, 0);
        }
        // PPO iteration i (1-based, as ppo/iteration in metrics.jsonl and the log) is stored as iteration base + i - 1.
        long base = next;
        OptionalLong checkpoint = store.lastCheckpoint();
        long kept = checkpoint.isPresent() && checkpoint.getAsLong() >= base ? checkpoint.getAsLong() - base + 1 : 0;
        long stored = Math.max(lastWritten(dir), store.stats(RecordKind.METRICS).lastIteration().orElse(base - 1));
        long committed = Math.max(kept, Math.min(stored, base + rlhf.iterations() - 1) - base + 1);
        if (kept >= rlhf.iterations()) {
            return new ResumePlan(false, "resuming " + dir + " at " + stage + ": its " + rlhf.iterations()
                    + " iterations are stored, its evaluation is not", next, kept);
        }
        String start = kept == 0 ? "from its first iteration" : "after the checkpoint of ppo iteration " + kept;
        return new ResumePlan(false, "resuming " + dir + " at " + stage + ", ppo iteration " + (kept + 1) + " of " + rlhf.iterations()
                + ", " + start + recomputed("ppo iteration", kept, committed), next, kept);
    }

    /**
     * The last iteration metrics.jsonl holds: it may run past the store's when the store lost the tail of its
     * write-ahead log, and those iterations are computed again too. -1 when the file is missing or unreadable.
     */
    private static long lastWritten(Path dir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(RunDirectory.METRICS));
        } catch (IOException e) {
            return -1; // no file, or not text: the resume rewrites it from the store
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                return JSON.readTree(lines.get(i)).path("iteration").asLong(-1);
            } catch (IOException | RuntimeException e) {
                // a blank line, or one cut short by a kill
            }
        }
        return -1;
    }

    /** Names the committed iterations after the checkpoint that will be computed again, if any. */
    private static String recomputed(String what, long checkpoint, long committed) {
        if (committed <= checkpoint) {
            return "";
        }
        String range = committed == checkpoint + 1 ? what + " " + committed : what + "s " + (checkpoint + 1) + ".." + committed;
        return "; " + range + (committed == checkpoint + 1 ? " was" : " were") + " committed after it and will be computed again "
                + "(to the same results)";
    }
}
