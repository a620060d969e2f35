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
 * 0.02 / √(2 layers)), biases 0, LayerNorms the identity; drawn from our seeded {@link Rng}. Generation recomputes
 * the whole prefix at every step (no key-value cache): at these lengths (a few dozen positions) the per-step cost
 * is the number of libtorch calls, which a cache would not reduce.
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
        position = parameters.add(PREFIX + "position", new int[] {spec.sequenceLength(), d}, normal(spec.sequenceLength() * d, INIT_STD, rng));
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
        return forward(ids, ids.toLongArray(), Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)));
    }

    /** Recomputes the whole prefix at every step; positions already seen get the same features as in {@link #forward}. */
    @Override
    public Decoding decode(NDManager scope, long[] promptIds, int batch) {
        return new Decoding() {
            private long[] prefix = promptIds.clone();
            private int length = spec.promptLength();
            private NDArray last = lastOf(prefix, length);

            @Override
            public NDArray last() {
                return last;
            }

            @Override
            public void append(long[] next) {
                long[] longer = new long[batch * (length + 1)];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(prefix, b * length, longer, b * (length + 1), length);
                    longer[b * (length + 1) + length] = next[b];
                }
                prefix = longer;
                length++;
                last = lastOf(prefix, length);
            }

            private NDArray lastOf(long[] ids, int time) {
                return forward(scope.create(ids, new Shape(batch, time)), ids, batch, time).get(":, -1, :");
            }
        };
    }

    /** The blocks over ids (batch, time), whose values {@code raw} holds too (for the attention mask). */
    private NDArray forward(NDArray ids, long[] raw, int batch, int time) {
        if (time > spec.sequenceLength()) {
            throw new IllegalArgumentException(time + " positions, the model has " + spec.sequenceLength());
        }
        NDArray tokens = ids.getNDArrayInternal().embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = time == spec.sequenceLength() ? position : position.get("0:" + time + ", :");
        NDArray x = tokens.add(positions);
        NDArray bias = attentionBias(ids.getManager(), raw, batch, time);
        for (Block block : blocks) {
            x = block(x, bias, block, batch, time);
        }
        return norm(x, finalNormWeight, finalNormBias);
    }

    private NDArray block(NDArray x, NDArray bias, Block p, int batch, int time) {
        int headWidth = width / heads;
        NDArray qkv = Linear.linear(norm(x, p.norm1Weight(), p.norm1Bias()), p.qkvWeight(), p.qkvBias()).singletonOrThrow()
                .reshape(batch, time, 3, heads, headWidth).transpose(2, 0, 3, 1, 4);
        NDArray queries = qkv.get(0);
        NDArray keys = qkv.get(1);
        NDArray values = qkv.get(2);
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
     * What is added to the attention scores, (batch, 1, time, time): {@link #MASKED} for a key after the query
     * (causality) and for a prompt's left padding; 0 elsewhere. A query on padding sees only padding and attends to
     * it evenly; its features are never read.
     */
    private NDArray attentionBias(NDManager scope, long[] ids, int batch, int time) {
        float[] keys = new float[batch * time];
        int prompt = Math.min(time, spec.promptLength());
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < prompt; j++) {
                if (ids[b * time + j] == Vocabulary.PAD) {
                    keys[b * time + j] = MASKED;
                }
            }
        }
        float[] causal = new float[time * time];
        for (int i = 0; i < time; i++) {
            for (int j = i + 1; j < time; j++) {
                causal[i * time + j] = MASKED;
            }
        }
        return scope.create(keys, new Shape(batch, 1, 1, time)).add(scope.create(causal, new Shape(1, 1, time, time)));
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
