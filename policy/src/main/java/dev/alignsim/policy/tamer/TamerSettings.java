package dev.alignsim.policy.tamer;

/**
 * TAMER's settings ({@code alignsim.feedback.tamer}).
 *
 * @param hidden the learner's hidden layer sizes
 * @param horizon steps over which the true advantage a labeler judges is measured ({@link TrueAdvantage})
 * @param delay steps after the action at which its judgement arrives
 * @param creditWindow steps, back from its arrival, a judgement is spread over ({@link CreditAssignment})
 * @param memory the most recent steps the learner regresses on after each episode
 * @param epochs passes over them per episode
 * @param batchSize steps per minibatch
 * @param learningRate Adam's step size
 */
public record TamerSettings(int[] hidden, int horizon, int delay, int creditWindow, int memory, int epochs, int batchSize,
        double learningRate) {

    public TamerSettings {
        hidden = hidden.clone();
        requireAtLeast("feedback.tamer.horizon", horizon, 1);
        requireAtLeast("feedback.tamer.delay", delay, 0);
        requireAtLeast("feedback.tamer.credit_window", creditWindow, 1);
        requireAtLeast("feedback.tamer.memory", memory, 1);
        requireAtLeast("feedback.tamer.epochs", epochs, 1);
        requireAtLeast("feedback.tamer.batch_size", batchSize, 1);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("feedback.tamer.learning_rate must be > 0, got " + learningRate);
        }
        if (creditWindow < delay + 1) {
            throw new IllegalArgumentException("feedback.tamer.credit_window must cover the delay (>= delay + 1 = " + (delay + 1)
                    + "), got " + creditWindow);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    private static void requireAtLeast(String key, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " must be >= " + least + ", got " + value);
        }
    }
}
