package dev.alignsim.actors.chat;

import java.util.Map;

/**
 * One stage of a ChatWorld pipeline. A stage reads what the stages before it stored, and commits everything it
 * produced (its {@code StageRecord} last), so that a run stopped between stages resumes at the first stage not
 * stored. How to add one: a new {@link StageName}, a class implementing this, and a line in the pipeline's
 * stage table.
 */
public interface Stage {

    StageName name();

    /**
     * Runs the stage as the {@code index}-th of the pipeline (its metrics line is keyed as iteration {@code index},
     * or after its own iterations) and commits what it produced.
     *
     * @return the stage's summary metrics, as committed
     */
    Map<String, Object> run(int index);
}
