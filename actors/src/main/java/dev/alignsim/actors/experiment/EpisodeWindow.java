package dev.alignsim.actors.experiment;

import dev.alignsim.env.Episode;
import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} finished episodes, for {@code episode_return_mean} (CleanRL/SB3 report 100). */
final class EpisodeWindow {
    private final int capacity;
    private final ArrayDeque<Episode> recent = new ArrayDeque<>();
    private long total;

    EpisodeWindow(int capacity) {
        this.capacity = capacity;
    }

    void add(Iterable<Episode> episodes) {
        for (Episode e : episodes) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(e);
            total++;
        }
    }

    /** The episodes held, oldest first (for checkpoints). */
    List<Episode> recent() {
        return List.copyOf(recent);
    }

    /** Continues from a checkpoint's episodes and total. */
    void restore(List<Episode> episodes, long totalSoFar) {
        recent.clear();
        add(episodes);
        total = totalSoFar;
    }

    long total() {
        return total;
    }

    double meanReturn() {
        return recent.stream().mapToDouble(Episode::episodeReturn).average().orElse(Double.NaN);
    }

    double meanLength() {
        return recent.stream().mapToDouble(Episode::length).average().orElse(Double.NaN);
    }
}
