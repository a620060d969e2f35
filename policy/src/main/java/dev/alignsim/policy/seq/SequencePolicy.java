package dev.alignsim.policy.seq;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.nn.Autograd;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.nn.OrthogonalInit;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.nn.Scalars;
import java.util.Arrays;

/**
 * ChatWorld's autoregressive policy: a {@link SequenceEncoder} (the GRU or the Transformer, as the spec's kind
 * says) and a linear head over the vocabulary. It generates responses in batches with temperature sampling (the
 * draws come from the caller's {@link Rng}, in Java, so a seed fixes every response) and gives per-token
 * log-probabilities of any responses by teacher forcing, on the same layout ({@link SequenceBatch}). The head starts near zero (orthogonal, gain 0.01, as CleanRL's policy
 * head), so an untrained policy samples close to uniformly: that is the "random policy" baseline.
 */
public final class SequencePolicy implements AutoCloseable {
    private static final long INIT_STREAM = 31;

    private final SequenceModelSpec spec;
    private final NDManager manager;
    private final Parameters parameters;
    private final SequenceEncoder encoder;
    private final NDArray headWeight;
    private final NDArray headBias;
    private boolean closed;

    /** Responses sampled for a batch of prompts, with each token's log-probability under the sampling distribution. */
    public record Generation(int[][] responses, float[] logProbs, int responseLength) {
        /** Log-probability of response {@code b}'s token {@code i}. */
        public float logProb(int b, int i) {
            return logProbs[b * responseLength + i];
        }
    }

    public SequencePolicy(SequenceModelSpec spec, Device device, long seed) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new Parameters(manager);
        Rng rng = Rng.derive(seed, INIT_STREAM);
        this.encoder = SequenceEncoder.create(spec, parameters, rng);
        this.headWeight = parameters.add("head.weight", new int[] {spec.vocabularySize(), spec.featureWidth()},
                OrthogonalInit.matrix(spec.vocabularySize(), spec.featureWidth(), 0.01, rng));
        this.headBias = parameters.add("head.bias", new int[] {spec.vocabularySize()}, new float[spec.vocabularySize()]);
    }

    public SequenceModelSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /**
     * Teacher-forced logits for every response position, (batch, responseLength, vocabulary), in {@code scope}.
     * Position i's logits are read after the model has seen the prompt and response tokens before i.
     */
    public NDArray responseLogits(NDManager scope, SequenceBatch batch) {
        NDArray ids = scope.create(batch.ids(), new Shape(batch.size(), spec.sequenceLength()));
        NDArray outputs = encoder.forward(ids);
        NDArray predicting = outputs.get(":, " + (spec.promptLength() - 1) + ":" + (spec.sequenceLength() - 1) + ", :");
        return Linear.linear(predicting, headWeight, headBias).singletonOrThrow();
    }

    /**
     * Per-token log-probabilities of the batch's responses at {@code temperature}, (batch, responseLength),
     * in {@code scope}; padding positions hold the log-probability of PAD and must be masked by the caller.
     */
    public NDArray tokenLogProbs(NDManager scope, SequenceBatch batch, double temperature) {
        return chosen(scope, batch, distributions(scope, batch, temperature));
    }

    /** Log-probabilities over the vocabulary at every response position, (batch, responseLength, vocabulary). */
    private NDArray distributions(NDManager scope, SequenceBatch batch, double temperature) {
        return scaled(responseLogits(scope, batch), temperature).logSoftmax(2);
    }

    /** The log-probability of each position's actual token, (batch, responseLength). */
    private NDArray chosen(NDManager scope, SequenceBatch batch, NDArray logProbs) {
        NDArray targets = scope.create(batch.targets(), new Shape(batch.size(), spec.responseLength(), 1));
        return logProbs.gather(targets, 2).squeeze(2);
    }

    /** Log-probabilities of the batch's response tokens and the entropy of each position's distribution, (batch, responseLength) each. */
    public record Evaluation(NDArray logProbs, NDArray entropy) {}

    /** Teacher-forced log-probabilities and entropies at {@code temperature}, in {@code scope}; differentiable when recording. */
    public Evaluation evaluate(NDManager scope, SequenceBatch batch, double temperature) {
        NDArray logProbs = distributions(scope, batch, temperature);
        NDArray entropy = logProbs.exp().mul(logProbs).sum(new int[] {2}).neg();
        return new Evaluation(chosen(scope, batch, logProbs), entropy);
    }

    /** {@link #tokenLogProbs} as plain numbers, without recording gradients; padding positions are 0. */
    public float[] tokenLogProbs(int[][] prompts, int[][] responses, double temperature) {
        Autograd.stopRecordingOnThisThread();
        SequenceBatch batch = SequenceBatch.of(spec, prompts, responses);
        try (NDManager scope = parameters.manager().newSubManager()) {
            float[] out = tokenLogProbs(scope, batch, temperature).toFloatArray();
            float[] mask = batch.responseMask();
            for (int i = 0; i < out.length; i++) {
                out[i] *= mask[i];
            }
            return out;
        }
    }

    /**
     * Samples one response per prompt, at most {@code responseLength} tokens each, stopping a response at its
     * EOS. A response that reaches the limit without EOS is returned as it is (it did not terminate).
     *
     * @param temperature divides the logits; 1 samples the model's own distribution
     * @param rng the source of every draw
     */
    public Generation generate(int[][] prompts, double temperature, Rng rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        Autograd.stopRecordingOnThisThread();
        int n = prompts.length;
        int r = spec.responseLength();
        int v = spec.vocabularySize();
        int[][] tokens = new int[n][r];
        int[] lengths = new int[n];
        boolean[] finished = new boolean[n];
        float[] logProbs = new float[n * r];
        int open = n;
        int[][] empty = new int[n][];
        Arrays.fill(empty, new int[] {Vocabulary.EOS});
        try (NDManager scope = parameters.manager().newSubManager()) {
            SequenceBatch layout = SequenceBatch.of(spec, prompts, empty);
            long[] promptIds = new long[n * spec.promptLength()];
            long[] all = layout.ids();
            for (int b = 0; b < n; b++) {
                System.arraycopy(all, b * spec.sequenceLength(), promptIds, b * spec.promptLength(), spec.promptLength());
            }
            SequenceEncoder.Decoding decoding = encoder.decode(scope, promptIds, n);
            for (int i = 0; i < r && open > 0; i++) {
                NDArray logits = Linear.linear(decoding.last(), headWeight, headBias).singletonOrThrow();
                float[] step = scaled(logits, temperature).logSoftmax(1).toFloatArray();
                long[] next = new long[n];
                for (int b = 0; b < n; b++) {
                    if (finished[b]) {
                        next[b] = Vocabulary.PAD;
                        continue;
                    }
                    int token = sample(step, b * v, v, rng);
                    tokens[b][i] = token;
                    logProbs[b * r + i] = step[b * v + token];
                    lengths[b] = i + 1;
                    next[b] = token;
                    if (token == Vocabulary.EOS) {
                        finished[b] = true;
                        open--;
                    }
                }
                if (open > 0 && i + 1 < r) {
                    decoding.append(next);
                }
            }
        }
        int[][] responses = new int[n][];
        for (int b = 0; b < n; b++) {
            responses[b] = Arrays.copyOf(tokens[b], lengths[b]);
        }
        return new Generation(responses, logProbs, r);
    }

    /** Inverse-CDF draw from log-probabilities {@code logProbs[offset .. offset+size)}. */
    private static int sample(float[] logProbs, int offset, int size, Rng rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int lastPositive = -1;
        for (int k = 0; k < size; k++) {
            double p = Math.exp(logProbs[offset + k]);
            if (p > 0) {
                lastPositive = k;
            }
            cumulative += p;
            if (u < cumulative) {
                return k;
            }
        }
        // The probabilities sum to a hair under 1 in float: the remainder goes to the last possible token.
        return lastPositive;
    }

    private static NDArray scaled(NDArray logits, double temperature) {
        return temperature == 1.0 ? logits : Scalars.times(logits, (float) (1.0 / temperature));
    }

    public NetworkWeights weights(long version) {
        return parameters.export(version);
    }

    public void load(NetworkWeights weights) {
        parameters.load(weights);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            parameters.close();
            manager.close();
        }
    }
}
