package dev.alignsim.policy.tamer;

import dev.alignsim.env.Env;
import java.util.function.Supplier;

/**
 * What a simulated person's judgement of an action starts from: the action's true advantage under the agent's current
 * greedy policy over a short horizon, {@code Q_H(s, a) - mean over a' of Q_H(s, a')}, where {@code Q_H(s, a)} is the
 * world's true return of taking {@code a} and then acting greedily for {@code horizon - 1} more steps (undiscounted;
 * an episode that ends stops it). The world is exact and deterministic given its state, so this is computed by
 * replaying copies of it, all actions' branches in one batch per step.
 */
public final class TrueAdvantage {
    private final Env[] branches;
    private final int obsDim;
    private final int horizon;

    /** @param envFactory makes the copies of the world, one per action */
    public TrueAdvantage(Supplier<? extends Env> envFactory, int actions, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("the advantage horizon must be >= 1 step, got " + horizon);
        }
        this.branches = new Env[actions];
        for (int a = 0; a < actions; a++) {
            branches[a] = envFactory.get();
        }
        this.obsDim = branches[0].observationSpace().flatDim();
        this.horizon = horizon;
    }

    /** The true advantage of each action in {@code state} (the world's internal state), under {@code learner}'s greedy policy. */
    public double[] of(double[] state, TamerLearner learner) {
        int actions = branches.length;
        double[] returns = new double[actions];
        boolean[] ended = new boolean[actions];
        float[] action = new float[1];
        for (int a = 0; a < actions; a++) {
            branches[a].setState(state);
            action[0] = a;
            returns[a] = branches[a].step(action, 0);
            ended[a] = branches[a].terminated();
        }
        float[] observations = new float[actions * obsDim];
        for (int step = 1; step < horizon; step++) {
            for (int a = 0; a < actions; a++) {
                branches[a].observe(observations, a * obsDim);
            }
            int[] greedy = learner.greedy(observations, actions);
            boolean anyAlive = false;
            for (int a = 0; a < actions; a++) {
                if (!ended[a]) {
                    action[0] = greedy[a];
                    returns[a] += branches[a].step(action, 0);
                    ended[a] = branches[a].terminated();
                    anyAlive |= !ended[a];
                }
            }
            if (!anyAlive) {
                break;
            }
        }
        double mean = 0;
        for (double r : returns) {
            mean += r / actions;
        }
        double[] advantage = new double[actions];
        for (int a = 0; a < actions; a++) {
            advantage[a] = returns[a] - mean;
        }
        return advantage;
    }
}
