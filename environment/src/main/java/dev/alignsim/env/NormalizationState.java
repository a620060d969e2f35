package dev.alignsim.env;

/** The statistics of {@link NormalizedVectorEnv}: observation and return moments, and each env's discounted return. */
public record NormalizationState(
        double[] observationMean,
        double[] observationVar,
        double observationCount,
        double[] returnMean,
        double[] returnVar,
        double returnCount,
        double[] discountedReturns) {}
