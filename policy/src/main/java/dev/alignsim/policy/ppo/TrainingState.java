package dev.alignsim.policy.ppo;

import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Adam;
import dev.alignsim.policy.nn.GradientClip;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.Parameters;

/**
 * What every learner carries from one update to the next besides its network's weights: Adam's moments and step
 * count, the seeded minibatch shuffler and the update count. With the parameters it trains, that is all a
 * {@link LearnerSnapshot} needs to continue a learner exactly. It owns Adam's native state, not the parameters.
 */
public final class TrainingState implements AutoCloseable {
    private static final float ADAM_BETA1 = 0.9f;
    private static final float ADAM_BETA2 = 0.999f;

    private final String name;
    private final Parameters parameters;
    private final Adam adam;
    private final Rng shuffle;
    private long updates;
    private boolean closed;

    /**
     * @param name what the learner trains, for error messages ("policy", "value", "SFT", "reward-model")
     * @param shuffle the minibatch shuffler, derived from the run's seed on the learner's own stream
     */
    public TrainingState(String name, Parameters parameters, float adamEpsilon, Rng shuffle) {
        this.name = name;
        this.parameters = parameters;
        this.adam = new Adam(parameters, ADAM_BETA1, ADAM_BETA2, adamEpsilon);
        this.shuffle = shuffle;
    }

    /** This epoch's minibatch order: a seeded permutation of {@code 0..size-1}. */
    public int[] minibatchOrder(int size) {
        return shuffle.permutation(size);
    }

    /**
     * One optimiser step from the gradients of the minibatch's loss: checks the loss and the global gradient norm
     * are finite, clips the gradients to {@code maxGradNorm} and lets Adam step.
     *
     * @return the gradient norm before clipping
     * @throws NonFiniteException if the loss or the gradient norm is NaN or infinite
     */
    public double step(double loss, double learningRate, double maxGradNorm, NDManager scope, int epoch) {
        String where = "in " + name + " update " + (updates + 1) + ", epoch " + (epoch + 1);
        NonFiniteException.check(name + " loss", loss, where);
        double gradNorm = GradientClip.globalNorm(parameters.arrays(), scope);
        NonFiniteException.check(name + " gradient norm", gradNorm, where);
        adam.step((float) learningRate, GradientClip.scale(gradNorm, maxGradNorm), scope);
        return gradNorm;
    }

    /** Updates finished so far; the version of the weights. */
    public long updates() {
        return updates;
    }

    /** Marks the end of one update (all its epochs). */
    public void finishUpdate() {
        updates++;
    }

    /** The current weights, tagged with the update count. */
    public NetworkWeights weights() {
        return parameters.export(updates);
    }

    /** Weights (tagged with the update count), optimiser and shuffler. */
    public LearnerSnapshot snapshot() {
        return snapshot(updates);
    }

    /** Weights tagged with {@code version}, optimiser and shuffler: for a learner whose caller counts versions. */
    public LearnerSnapshot snapshot(long version) {
        return new LearnerSnapshot(parameters.export(version), adam.stepCount(), adam.firstMoments(), adam.secondMoments(),
                shuffle.state());
    }

    /** Continues from a snapshot: weights, optimiser, shuffler, and the update count from the weights' version. */
    public void restore(LearnerSnapshot snapshot) {
        parameters.load(snapshot.weights());
        adam.restore(snapshot.adamStep(), snapshot.adamFirstMoments(), snapshot.adamSecondMoments());
        shuffle.setState(snapshot.shuffleRng());
        updates = snapshot.weights().version();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            adam.close();
        }
    }
}
