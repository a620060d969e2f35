package dev.alignsim.policy.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Parameters;

/**
 * Token embedding followed by a stacked GRU: the {@link SequenceEncoder} of {@code chat.model.kind = gru} (the
 * default), shared by the policy, the reward model and the critic. The whole sequence runs through libtorch's fused GRU ({@code torch.gru}), one op forward and one
 * backward instead of a dozen per time step. Parameters are registered in PyTorch's order ({@code w_ih, w_hh,
 * b_ih, b_hh} per layer) and initialised as {@code nn.Embedding} (standard normal) and {@code nn.GRU}
 * (uniform in ±1/√hidden) do, from our own seeded {@link Rng}.
 */
public final class GruEncoder implements SequenceEncoder {
    private final SequenceModelSpec spec;
    private final NDArray embedding;
    private final NDList gruParameters = new NDList();

    GruEncoder(SequenceModelSpec spec, Parameters parameters, Rng rng) {
        if (spec.kind() != SequenceModelKind.GRU) {
            throw new IllegalArgumentException("a GRU encoder for a spec of kind " + spec.kind());
        }
        this.spec = spec;
        int v = spec.vocabularySize();
        int e = spec.embedding();
        int h = spec.hidden();
        float[] table = new float[v * e];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) rng.nextGaussian();
        }
        embedding = parameters.add(PREFIX + "embedding", new int[] {v, e}, table);
        double bound = 1.0 / Math.sqrt(h);
        for (int layer = 0; layer < spec.layers(); layer++) {
            int in = layer == 0 ? e : h;
            gruParameters.add(parameters.add(PREFIX + "w_ih_l" + layer, new int[] {3 * h, in}, uniform(3 * h * in, bound, rng)));
            gruParameters.add(parameters.add(PREFIX + "w_hh_l" + layer, new int[] {3 * h, h}, uniform(3 * h * h, bound, rng)));
            gruParameters.add(parameters.add(PREFIX + "b_ih_l" + layer, new int[] {3 * h}, uniform(3 * h, bound, rng)));
            gruParameters.add(parameters.add(PREFIX + "b_hh_l" + layer, new int[] {3 * h}, uniform(3 * h, bound, rng)));
        }
    }

    /**
     * Runs ids (batch, time) through the GRU from {@code state} (layers, batch, hidden), or from zeros when it is
     * null. Results belong to the ids' manager.
     *
     * @return the top layer's output at every position (batch, time, hidden), and the final state
     */
    public Output forward(NDArray ids, NDArray state) {
        NDManager scope = ids.getManager();
        long batch = ids.getShape().get(0);
        NDArray initial = state != null ? state : scope.zeros(new Shape(spec.layers(), batch, spec.hidden()));
        NDArray embedded = ids.getNDArrayInternal().embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
        NDList out = embedded.getNDArrayInternal().gru(embedded, initial, gruParameters, true, spec.layers(), 0.0,
                true, false, true);
        return new Output(out.get(0), out.get(1));
    }

    /** The GRU's outputs and its final state. */
    public record Output(NDArray outputs, NDArray state) {}

    @Override
    public NDArray forward(NDArray ids) {
        return forward(ids, null).outputs();
    }

    /** Runs the prompts through the GRU once, then one fused step per appended token from the carried state. */
    @Override
    public Decoding decode(NDManager scope, long[] promptIds, int batch) {
        Output first = forward(scope.create(promptIds, new Shape(batch, spec.promptLength())), null);
        return new Decoding() {
            private NDArray last = first.outputs().get(":, -1, :");
            private NDArray state = first.state();

            @Override
            public NDArray last() {
                return last;
            }

            @Override
            public void append(long[] next) {
                Output out = forward(scope.create(next, new Shape(batch, 1)), state);
                last = out.outputs().get(":, -1, :");
                state = out.state();
            }
        };
    }

    @Override
    public SequenceModelSpec spec() {
        return spec;
    }

    private static float[] uniform(int n, double bound, Rng rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.uniform(-bound, bound);
        }
        return out;
    }
}
