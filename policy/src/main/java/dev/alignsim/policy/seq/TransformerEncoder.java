package dev.alignsim.policy.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.nn.Parameters;
import dev.alignsim.policy.nn.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small decoder-only Transformer, the {@link SequenceEncoder} of {@code chat.model.kind = transformer}: token
 * embedding plus a learned embedding of each of the layout's {@code promptLength + responseLength} positions, then
 * {@code layers} pre-LayerNorm blocks ({@code x + attention(LN(x))}, then {@code x + MLP(LN(x))}), then a final
 * LayerNorm. Attention is causal (position t reads positions up to t) and never reads the PAD that left-pads a
 * prompt; the MLP is {@code embedding -> hidden -> embedding} with GELU.
 *
 * <p>Built from DJL's functional operators ({@code Linear.linear}, {@code LayerNorm.layerNorm}, {@code
 * Activation.gelu}, {@code matMul}, {@code softmax}) over arrays registered in our {@link Parameters}, not from DJL's
 * {@code ai.djl.nn.transformer} blocks: those hold their parameters in DJL's own block store with its own
 * initialisers (not named, seeded and exported as ours are), and {@code TransformerEncoderBlock} is a post-norm BERT
 * block with batch normalisation and no causal mask.
 *
 * <p>Weights start as GPT-2's: normal with standard deviation 0.02 (the projections back into the residual stream
 * 0.02 / √(2 layers)), biases 0, LayerNorms the identity; drawn from our seeded {@link Rng}. Generation keeps each
 * block's keys and values (a key-value cache): recomputing the whole prefix at every step, tried first, made a
 * batch of 256 several times slower, its arithmetic growing with the prefix.
 */
public final class TransformerEncoder implements SequenceEncoder {
    private static final float INIT_STD = 0.02f;
    private static final float LAYER_NORM_EPSILON = 1e-5f;
    /** Added to the score of a key a query must not read: softmax gives it weight 0, and a row of such keys stays finite. */
    private static final float MASKED = -1e9f;

    private final SequenceModelSpec spec;
    private final int width;
    private final int heads;
    private final NDArray embedding;
    private final NDArray position;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray finalNormWeight;
    private final NDArray finalNormBias;

    /** One pre-LayerNorm block's parameters. */
    private record Block(NDArray norm1Weight, NDArray norm1Bias, NDArray qkvWeight, NDArray qkvBias, NDArray projWeight,
            NDArray projBias, NDArray norm2Weight, NDArray norm2Bias, NDArray fcWeight, NDArray fcBias, NDArray outWeight,
            NDArray outBias) {}

    TransformerEncoder(SequenceModelSpec spec, Parameters parameters, Rng rng) {
        if (spec.kind() != SequenceModelKind.TRANSFORMER) {
            throw new IllegalArgumentException("a Transformer encoder for a spec of kind " + spec.kind());
        }
        this.spec = spec;
        this.width = spec.embedding();
        this.heads = spec.heads();
        int d = width;
        int h = spec.hidden();
        float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * spec.layers()));
        embedding = parameters.add(PREFIX + "embedding", new int[] {spec.vocabularySize(), d},
                normal(spec.vocabularySize() * d, INIT_STD, rng));
        position = parameters.add(PREFIX + "position", new int[] {spec.sequenceLength(), d},
                normal(spec.sequenceLength() * d, INIT_STD, rng));
        for (int layer = 0; layer < spec.layers(); layer++) {
            String b = PREFIX + "block" + layer + ".";
            blocks.add(new Block(
                    parameters.add(b + "ln1.weight", new int[] {d}, ones(d)),
                    parameters.add(b + "ln1.bias", new int[] {d}, new float[d]),
                    parameters.add(b + "attn_qkv.weight", new int[] {3 * d, d}, normal(3 * d * d, INIT_STD, rng)),
                    parameters.add(b + "attn_qkv.bias", new int[] {3 * d}, new float[3 * d]),
                    parameters.add(b + "attn_proj.weight", new int[] {d, d}, normal(d * d, residualStd, rng)),
                    parameters.add(b + "attn_proj.bias", new int[] {d}, new float[d]),
                    parameters.add(b + "ln2.weight", new int[] {d}, ones(d)),
                    parameters.add(b + "ln2.bias", new int[] {d}, new float[d]),
                    parameters.add(b + "mlp_fc.weight", new int[] {h, d}, normal(h * d, INIT_STD, rng)),
                    parameters.add(b + "mlp_fc.bias", new int[] {h}, new float[h]),
                    parameters.add(b + "mlp_proj.weight", new int[] {d, h}, normal(d * h, residualStd, rng)),
                    parameters.add(b + "mlp_proj.bias", new int[] {d}, new float[d])));
        }
        finalNormWeight = parameters.add(PREFIX + "ln_f.weight", new int[] {d}, ones(d));
        finalNormBias = parameters.add(PREFIX + "ln_f.bias", new int[] {d}, new float[d]);
    }

    @Override
    public SequenceModelSpec spec() {
        return spec;
    }

    @Override
    public NDArray forward(NDArray ids) {
        Shape shape = ids.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int time = Math.toIntExact(shape.get(1));
        if (time > spec.sequenceLength()) {
            throw new IllegalArgumentException(time + " positions, the model has " + spec.sequenceLength());
        }
        long[] raw = ids.toLongArray();
        NDArray bias = keyBias(ids.getManager(), raw, batch, time).add(causalBias(ids.getManager(), time));
        return run(embed(ids, 0, time), bias, batch, null);
    }

    /**
     * Runs the prompts through every block once, keeping each block's keys and values; each appended token then
     * runs through the blocks alone, its query reading the cached keys and values (a key-value cache), so that a step
     * costs one position's arithmetic, not the whole prefix's.
     */
    @Override
    public Decoding decode(NDManager scope, long[] promptIds, int batch) {
        return new Decoding() {
            private final NDArray[][] cache = new NDArray[blocks.size()][2];
            private long[] prefix = promptIds.clone();
            private int length = spec.promptLength();
            private NDArray last = lastOf(run(embed(scope.create(prefix, new Shape(batch, length)), 0, length),
                    keyBias(scope, prefix, batch, length).add(causalBias(scope, length)), batch, cache));

            @Override
            public NDArray last() {
                return last;
            }

            @Override
            public void append(long[] next) {
                if (length >= spec.sequenceLength()) {
                    throw new IllegalStateException("the model has " + spec.sequenceLength() + " positions, all fed");
                }
                long[] longer = new long[batch * (length + 1)];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(prefix, b * length, longer, b * (length + 1), length);
                    longer[b * (length + 1) + length] = next[b];
                }
                NDArray x = embed(scope.create(next, new Shape(batch, 1)), length, length + 1);
                prefix = longer;
                length++;
                // The new position is the last: causality asks nothing more than the prompt's padding mask.
                last = lastOf(run(x, keyBias(scope, prefix, batch, length), batch, cache));
            }

            private NDArray lastOf(NDArray features) {
                return features.get(":, -1, :");
            }
        };
    }

    /** Token plus position embeddings of ids (batch, to - from) at positions {@code from..to-1}. */
    private NDArray embed(NDArray ids, int from, int to) {
        NDArray tokens = ids.getNDArrayInternal().embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = from == 0 && to == spec.sequenceLength() ? position : position.get(from + ":" + to + ", :");
        return tokens.add(positions);
    }

    /**
     * The blocks and the final LayerNorm over x (batch, time, width). With a cache (one {keys, values} per block),
     * the positions of x come after those cached, whose keys and values their queries read too, and x's own are
     * appended to it; {@code bias} covers every key, cached ones first.
     */
    private NDArray run(NDArray x, NDArray bias, int batch, NDArray[][] cache) {
        for (int layer = 0; layer < blocks.size(); layer++) {
            x = block(x, bias, blocks.get(layer), batch, cache == null ? null : cache[layer]);
        }
        return norm(x, finalNormWeight, finalNormBias);
    }

    private NDArray block(NDArray x, NDArray bias, Block p, int batch, NDArray[] cache) {
        int time = Math.toIntExact(x.getShape().get(1));
        int headWidth = width / heads;
        NDArray qkv = Linear.linear(norm(x, p.norm1Weight(), p.norm1Bias()), p.qkvWeight(), p.qkvBias()).singletonOrThrow()
                .reshape(batch, time, 3, heads, headWidth).transpose(2, 0, 3, 1, 4);
        NDArray queries = qkv.get(0);
        NDArray keys = qkv.get(1);
        NDArray values = qkv.get(2);
        if (cache != null) {
            if (cache[0] != null) {
                keys = cache[0].concat(keys, 2);
                values = cache[1].concat(values, 2);
            }
            cache[0] = keys;
            cache[1] = values;
        }
        NDArray scores = Scalars.times(queries.matMul(keys.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(headWidth))).add(bias);
        NDArray attended = scores.softmax(3).matMul(values).transpose(0, 2, 1, 3).reshape(batch, time, width);
        NDArray afterAttention = x.add(Linear.linear(attended, p.projWeight(), p.projBias()).singletonOrThrow());
        NDArray inner = Activation.gelu(Linear.linear(norm(afterAttention, p.norm2Weight(), p.norm2Bias()), p.fcWeight(), p.fcBias())
                .singletonOrThrow());
        return afterAttention.add(Linear.linear(inner, p.outWeight(), p.outBias()).singletonOrThrow());
    }

    private NDArray norm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(width), weight, bias, LAYER_NORM_EPSILON).singletonOrThrow();
    }

    /**
     * What is added to the attention scores for a prompt's left padding, (batch, 1, 1, time) over the keys of ids
     * (batch, time): {@link #MASKED} for a PAD among the prompt's positions, 0 elsewhere. A query on padding then
     * sees only masked keys, attends to them evenly, and its features are never read.
     */
    private NDArray keyBias(NDManager scope, long[] ids, int batch, int time) {
        float[] keys = new float[batch * time];
        int prompt = Math.min(time, spec.promptLength());
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < prompt; j++) {
                if (ids[b * time + j] == Vocabulary.PAD) {
                    keys[b * time + j] = MASKED;
                }
            }
        }
        return scope.create(keys, new Shape(batch, 1, 1, time));
    }

    /** Causality, (1, 1, time, time): {@link #MASKED} for a key after its query, 0 elsewhere. */
    private static NDArray causalBias(NDManager scope, int time) {
        float[] causal = new float[time * time];
        for (int i = 0; i < time; i++) {
            for (int j = i + 1; j < time; j++) {
                causal[i * time + j] = MASKED;
            }
        }
        return scope.create(causal, new Shape(1, 1, time, time));
    }

    private static float[] normal(int n, float std, Rng rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rng.nextGaussian() * std);
        }
        return out;
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        Arrays.fill(out, 1f);
        return out;
    }
}
