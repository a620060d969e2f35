package dev.alignsim.env;

/**
 * A finished episode, as Gymnasium's {@code RecordEpisodeStatistics} reports it.
 *
 * @param envIndex which environment of the vector finished it
 * @param episodeReturn the undiscounted sum of the RAW rewards (before any normalisation), in float64
 * @param length the number of steps in the episode
 */
public record Episode(int envIndex, double episodeReturn, int length) {
}
