package dev.alignsim.policy.rm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequenceEncoder;
import dev.alignsim.policy.seq.ScalarHeadModel;
import dev.alignsim.policy.seq.SequenceModelSpec;

/**
 * The learned reward model: the policy's encoder with a scalar head read at the response's last token (its
 * EOS), as InstructGPT's reward model is the SFT model with its unembedding replaced by a linear head. It can
 * start from the SFT policy's encoder ({@link #startFrom}). Scores are reported after an affine normalisation
 * ({@link #normaliseAgainst}) that makes the reference policy's responses score 0 on average with unit spread,
 * so that a reward of +1 means "one standard deviation better than the reference", whatever the run.
 */
public final class RewardModel implements AutoCloseable {
    private static final long INIT_STREAM = 41;

    private final ScalarHeadModel model;
    private double scoreOffset;
    private double scoreScale = 1.0;

    public RewardModel(SequenceModelSpec spec, Device device, long seed) {
        this.model = new ScalarHeadModel(spec, device, Rng.derive(seed, INIT_STREAM));
    }

    public SequenceModelSpec spec() {
        return model.spec();
    }

    public Parameters parameters() {
        return model.parameters();
    }

    /** Copies the policy's encoder (of the same kind and widths) into this model; the head keeps its own initialisation. */
    public void startFrom(NetworkWeights policyWeights) {
        model.parameters().loadMatching(policyWeights, SequenceEncoder.PREFIX);
    }

    /** Unnormalised scores, (batch), in {@code scope}; differentiable when recording. */
    public NDArray rawScores(NDManager scope, SequenceBatch batch) {
        NDArray outputs = model.outputs(scope, batch);
        NDArray last = scope.create(batch.lastTokenOneHot(), new Shape(batch.size(), model.spec().sequenceLength(), 1));
        NDArray features = outputs.mul(last).sum(new int[] {1});
        return model.head(features).reshape(batch.size());
    }

    /** Unnormalised scores of response {@code i} to prompt {@code i}, without recording gradients. */
    public float[] rawScores(int[][] prompts, int[][] responses) {
        Autograd.stopRecordingOnThisThread();
        SequenceBatch batch = SequenceBatch.of(model.spec(), prompts, responses);
        try (NDManager scope = model.parameters().manager().newSubManager()) {
            return rawScores(scope, batch).toFloatArray();
        }
    }

    /** Normalised scores: {@code (raw - offset) / scale}. */
    public double[] scores(int[][] prompts, int[][] responses) {
        float[] raw = rawScores(prompts, responses);
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] - scoreOffset) / scoreScale;
        }
        return out;
    }

    /**
     * Sets the normalisation so that these responses (the reference policy's) score mean 0, standard
     * deviation 1. A constant set of scores keeps scale 1.
     */
    public void normaliseAgainst(int[][] prompts, int[][] responses) {
        float[] raw = rawScores(prompts, responses);
        double mean = 0;
        for (float r : raw) {
            mean += r;
        }
        mean /= raw.length;
        double squares = 0;
        for (float r : raw) {
            squares += (r - mean) * (r - mean);
        }
        double std = raw.length > 1 ? Math.sqrt(squares / (raw.length - 1)) : 0.0;
        setNormalisation(mean, std > 1e-8 ? std : 1.0);
    }

    /** @throws IllegalArgumentException if the scale is not positive and finite or the offset not finite */
    public void setNormalisation(double offset, double scale) {
        if (!Double.isFinite(offset) || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("reward normalisation needs a finite offset and a positive scale, got offset "
                    + offset + ", scale " + scale);
        }
        this.scoreOffset = offset;
        this.scoreScale = scale;
    }

    public double scoreOffset() {
        return scoreOffset;
    }

    public double scoreScale() {
        return scoreScale;
    }

    public NetworkWeights weights(long version) {
        return model.weights(version);
    }

    public void load(NetworkWeights weights) {
        model.load(weights);
    }

    @Override
    public void close() {
        model.close();
    }
}
