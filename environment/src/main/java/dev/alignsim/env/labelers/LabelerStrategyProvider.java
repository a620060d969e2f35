package dev.alignsim.env.labelers;

import java.util.List;
import java.util.Map;

/**
 * The service-provider interface for labeler strategies. An implementation is a public class with a public
 * no-argument constructor, listed by its binary name in
 * {@code META-INF/services/dev.alignsim.env.labelers.LabelerStrategyProvider}; {@link LabelerStrategies}
 * finds it with {@link java.util.ServiceLoader}.
 */
public interface LabelerStrategyProvider {

    /** The name configurations use; unique among providers, without {@code '+'} or {@code '.'}. */
    String name();

    /** The parameters {@link #create} accepts; none by default. */
    default List<ParameterSpec> parameters() {
        return List.of();
    }

    /**
     * A new strategy. {@link LabelerStrategies} has already checked {@code parameters} against
     * {@link #parameters()}: every key is declared, every value is finite and in range, and every declared
     * parameter is present (defaults filled in).
     */
    LabelerStrategy create(Map<String, Double> parameters);
}
