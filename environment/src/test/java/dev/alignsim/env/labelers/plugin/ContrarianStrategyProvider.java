package dev.alignsim.env.labelers.plugin;

import dev.alignsim.env.labelers.LabelerStrategy;
import dev.alignsim.env.labelers.LabelerStrategyProvider;
import java.util.Map;

/** An example plug-in: a labeler who prefers the worst response, by negating the perceived utility. */
public final class ContrarianStrategyProvider implements LabelerStrategyProvider {

    @Override
    public String name() {
        return "contrarian";
    }

    @Override
    public LabelerStrategy create(Map<String, Double> parameters) {
        return (prompt, responses, utilities, context) -> {
            for (int i = 0; i < utilities.length; i++) {
                utilities[i] = -utilities[i];
            }
        };
    }
}
