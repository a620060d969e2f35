package dev.alignsim.actors.experiment;

import java.nio.file.Path;

/**
 * How a finished run ended: its size, its final mean episode return (last 100 episodes), the wall time of this
 * process and the environment steps it took (fewer than {@code envSteps} for a resumed run).
 */
public record RunSummary(int iterations, long envSteps, double finalEpisodeReturnMean, double wallSeconds, long stepsThisProcess,
        Path runDirectory) {

    public double stepsPerSecond() {
        return stepsThisProcess / wallSeconds;
    }
}
