package dev.alignsim.actors.experiment;

import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.env.Episode;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.PolicyStats;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.policy.ppo.ValueStats;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.EpisodeRecord;
import dev.alignsim.storage.proto.ExperienceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one finished iteration writes: its metrics row, its experience per env runner, its checkpoint; and the
 * coordinator's part of a checkpoint read back.
 */
final class IterationRecords {
    private IterationRecords() {}

    /** When the iteration's phases ended (System.nanoTime) and the process-wide rates at its end. */
    record Timings(long start, long rolloutDone, long valuesDone, long end, double stepsPerSecond, double wallSeconds) {}

    /** The metrics.jsonl row, keys in a fixed order; timing fields ({@code perf/*}, {@code wall_s}) last. */
    static Map<String, Object> metricsRow(int iteration, long envSteps, EpisodeWindow episodes, double learningRate,
            PolicyStats policy, ValueStats value, double explainedVariance, Timings timings) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("iteration", iteration);
        row.put("env_steps", envSteps);
        row.put("episodes", episodes.total());
        row.put("episode_return_mean", episodes.meanReturn());
        row.put("episode_length_mean", episodes.meanLength());
        row.put("learning_rate", learningRate);
        row.put("policy/loss", policy.policyLoss());
        row.put("policy/approx_kl", policy.approxKl());
        row.put("policy/old_approx_kl", policy.oldApproxKl());
        row.put("policy/clipfrac", policy.clipFraction());
        row.put("policy/epochs", policy.epochs());
        row.put("policy/grad_norm", policy.gradNorm());
        row.put("value/loss", value.valueLoss());
        row.put("value/clipfrac", value.clipFraction());
        row.put("value/explained_variance", explainedVariance);
        row.put("value/grad_norm", value.gradNorm());
        row.put("objective/entropy", policy.entropy());
        row.put("perf/steps_per_s", timings.stepsPerSecond());
        // Where this iteration's time went: acting (env runners), valuing (critic), training (both learners).
        row.put("perf/rollout_s", (timings.rolloutDone() - timings.start()) / 1e9);
        row.put("perf/values_s", (timings.valuesDone() - timings.rolloutDone()) / 1e9);
        row.put("perf/train_s", (timings.end() - timings.valuesDone()) / 1e9);
        row.put("wall_s", timings.wallSeconds());
        return row;
    }

    /**
     * A run from feedback's row: {@code episode_return_mean} becomes the learned reward's, and the world's return
     * ({@code objective/true_return}) and the feedback fields come before the timing fields.
     */
    static Map<String, Object> withFeedback(Map<String, Object> row, Map<String, Object> feedback) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().equals("perf/steps_per_s")) {
                feedback.forEach((k, v) -> {
                    if (!k.equals("episode_return_mean")) {
                        out.put(k, v);
                    }
                });
            }
            if (e.getKey().equals("episode_return_mean")) {
                out.put("episode_return_mean", feedback.get("episode_return_mean"));
                out.put("objective/true_return", e.getValue());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** One experience record per env runner (shard), cut from the merged batch by the runner's envs. */
    static List<ExperienceBatch> experience(int iteration, int runners, int envsPerRunner, Rollout rollout,
            Advantages.Prepared prepared) {
        List<ExperienceBatch> experience = new ArrayList<>(runners);
        for (int i = 0; i < runners; i++) {
            experience.add(RecordCodec.experience(iteration, i, i * envsPerRunner, envsPerRunner, rollout, prepared));
        }
        return experience;
    }

    /** Everything needed to continue exactly after {@code iteration}. */
    static Checkpoint checkpoint(int iteration, LearnerSnapshot policy, LearnerSnapshot critic,
            RolloutCollector.State[] runnerStates, EpisodeWindow episodes) {
        Checkpoint.Builder b = Checkpoint.newBuilder()
                .setIteration(iteration)
                .setPolicy(RecordCodec.learner(policy))
                .setCritic(RecordCodec.learner(critic))
                .setEpisodesTotal(episodes.total());
        for (int i = 0; i < runnerStates.length; i++) {
            b.addRunners(RecordCodec.runner(i, runnerStates[i]));
        }
        for (Episode e : episodes.recent()) {
            b.addRecentEpisodes(RecordCodec.episode(e));
        }
        return b.build();
    }

    /** The episode window's episodes a checkpoint holds, oldest first. */
    static List<Episode> recentEpisodes(Checkpoint checkpoint) {
        List<Episode> recent = new ArrayList<>();
        for (EpisodeRecord r : checkpoint.getRecentEpisodesList()) {
            recent.add(RecordCodec.episode(r));
        }
        return recent;
    }
}
