package dev.alignsim.policy.ppo;

/**
 * Turns a {@link Rollout} and the critic's values into what the two learners train on. The critic values, in one
 * batch: every row's observation, then each env's next observation (the bootstrap), then the final observation
 * of every row whose episode was truncated.
 */
public final class Advantages {
    private Advantages() {}

    /** The learners' batches and the critic's fit before training. */
    public record Prepared(PolicyBatch policyBatch, ValueBatch valueBatch, double explainedVariance) {}

    /** Observations to value, in the order {@link #prepare} reads the values back. */
    public static float[] valueInputs(Rollout r) {
        int obsDim = r.obsDim();
        int rows = r.rows();
        int finals = 0;
        for (int i = 0; i < rows; i++) {
            if (r.bootstrapsFromFinal(i)) {
                finals++;
            }
        }
        float[] inputs = new float[(rows + r.envs() + finals) * obsDim];
        System.arraycopy(r.observations(), 0, inputs, 0, rows * obsDim);
        System.arraycopy(r.nextObservations(), 0, inputs, rows * obsDim, r.envs() * obsDim);
        int at = rows + r.envs();
        for (int i = 0; i < rows; i++) {
            if (r.bootstrapsFromFinal(i)) {
                System.arraycopy(r.finalObservations(), i * obsDim, inputs, at * obsDim, obsDim);
                at++;
            }
        }
        return inputs;
    }

    public static Prepared prepare(Rollout r, float[] valuesOfInputs, double gamma, double gaeLambda) {
        int rows = r.rows();
        int envs = r.envs();
        float[] values = new float[rows];
        float[] bootstrap = new float[envs];
        float[] finalValues = new float[rows];
        System.arraycopy(valuesOfInputs, 0, values, 0, rows);
        System.arraycopy(valuesOfInputs, rows, bootstrap, 0, envs);
        int at = rows + envs;
        for (int i = 0; i < rows; i++) {
            if (r.bootstrapsFromFinal(i)) {
                finalValues[i] = valuesOfInputs[at++];
            }
        }
        if (at != valuesOfInputs.length) {
            throw new IllegalArgumentException("expected " + at + " values, got " + valuesOfInputs.length);
        }
        Gae.Result gae = Gae.compute(r.steps(), envs, r.rewards(), values, r.terminated(), r.truncated(), finalValues,
                bootstrap, gamma, gaeLambda);
        PolicyBatch policyBatch = new PolicyBatch(r.policyVersion(), rows, r.observations(), r.actions(), gae.advantages());
        ValueBatch valueBatch = new ValueBatch(rows, r.observations(), gae.returns(), values);
        return new Prepared(policyBatch, valueBatch, BatchStatistics.explainedVariance(values, gae.returns()));
    }
}
