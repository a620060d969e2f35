package dev.alignsim.actors.experiment;

import dev.alignsim.env.Episode;
import dev.alignsim.env.Rng;
import dev.alignsim.env.labelers.SegmentLabeler;
import dev.alignsim.policy.tamer.TamerTraining;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.MetricsLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A control-world run in TAMER mode ({@code feedback.mode = tamer}): its own small coordinator, as TAMER has no PPO,
 * no critic and nothing to do in parallel: act, be judged, learn, one episode at a time on the calling thread
 * ({@link TamerTraining}). An episode is an iteration; the run ends with the episode in which its env steps reach
 * {@code total_timesteps}. Each iteration commits its metrics line to the store and metrics.jsonl; no checkpoint
 * (TAMER's state is not stored), so such a run cannot be resumed and the command line refuses to.
 */
public final class TamerRun {
    /** Episodes in {@code episode_return_mean} and {@code objective/true_return}, as for PPO. */
    private static final int WINDOW = 100;
    private static final long LABELER_STREAM = 74;

    private TamerRun() {}

    /** Runs {@code run} into the new {@code store} (closed when done); the labeler is the first of feedback.labelers. */
    public static RunSummary start(ExperimentRunner.Run run, RunStore store) {
        ExperimentSettings settings = run.settings();
        RunClock clock = new RunClock(0, 0);
        EpisodeWindow window = new EpisodeWindow(WINDOW);
        SegmentLabeler labeler = new SegmentLabeler(settings.feedback().labelers().get(0), Rng.derive(settings.seed(), LABELER_STREAM).nextLong());
        int iteration = 0;
        long envSteps = 0;
        try (store; MetricsLog metrics = run.directory().openMetrics();
                TamerTraining tamer = new TamerTraining(run.envFactory(), labeler, settings.feedback().tamer(), run.device(),
                        settings.seed())) {
            while (envSteps < settings.totalTimesteps() && !run.stop().isRequested()) {
                TamerTraining.Episode episode = tamer.episode();
                iteration++;
                envSteps += episode.steps();
                window.add(List.of(new Episode(0, episode.trueReturn(), episode.steps())));
                Map<String, Object> row = row(iteration, envSteps, window, episode, tamer.judgements(), clock.wallSeconds());
                String line = MetricsLog.format(row);
                boolean last = envSteps >= settings.totalTimesteps();
                store.commit(new RunStore.IterationRecords(iteration, List.of(),
                        MetricsLine.newBuilder().setIteration(iteration).setJson(line).build(), null, last), 0);
                metrics.appendLine(line);
                run.listener().onIteration(new ProgressListener.Progress(iteration, 0, envSteps, settings.totalTimesteps(),
                        window.meanReturn(), envSteps / clock.wallSeconds()));
            }
        }
        return new RunSummary(iteration, envSteps, window.meanReturn(), clock.wallSeconds(), envSteps, run.directory().root());
    }

    private static Map<String, Object> row(int iteration, long envSteps, EpisodeWindow window, TamerTraining.Episode episode,
            long judgements, double wallSeconds) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("iteration", iteration);
        row.put("env_steps", envSteps);
        row.put("episodes", window.total());
        row.put("episode_return_mean", window.meanReturn());
        row.put("episode_length_mean", window.meanLength());
        row.put("objective/true_return", window.meanReturn());
        row.put("episode/true_return", episode.trueReturn());
        row.put("feedback/judgements", judgements);
        row.put("wall_s", wallSeconds);
        return row;
    }
}
