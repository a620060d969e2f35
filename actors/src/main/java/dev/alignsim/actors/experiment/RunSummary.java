package dev.alignsim.actors.experiment;

import java.nio.file.Path;

/** How a finished run ended: its size, its final mean episode return (last 100 episodes) and its wall time. */
public record RunSummary(int iterations, long envSteps, double finalEpisodeReturnMean, double wallSeconds, Path runDirectory) {}
