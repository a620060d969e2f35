package dev.alignsim.actors.chat;

import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.SequenceShape;
import dev.alignsim.storage.proto.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Trained sequence models to and from their stored records. A record's shape carries the encoder's kind, so that a
 * stored Transformer is never loaded as a GRU (or the other way); a record written before the kind was stored is a
 * GRU's.
 */
public final class ModelCodec {
    private ModelCodec() {}

    public static ModelRecord record(String name, String role, SequenceModelSpec spec, NetworkWeights weights, double scoreOffset,
            double scoreScale, long seed) {
        ModelRecord.Builder b = ModelRecord.newBuilder().setName(name).setRole(role).setVersion(weights.version())
                .setShape(shape(spec)).setScoreOffset(scoreOffset).setScoreScale(scoreScale).setSeed(seed);
        for (NetworkWeights.Tensor t : weights.tensors()) {
            Tensor.Builder tb = Tensor.newBuilder().setName(t.name());
            for (int d : t.shape()) {
                tb.addShape(d);
            }
            for (float v : t.values()) {
                tb.addValues(v);
            }
            b.addWeights(tb);
        }
        return b.build();
    }

    public static NetworkWeights weights(ModelRecord record) {
        List<NetworkWeights.Tensor> tensors = new ArrayList<>(record.getWeightsCount());
        for (Tensor t : record.getWeightsList()) {
            int[] shape = t.getShapeList().stream().mapToInt(Integer::intValue).toArray();
            float[] values = new float[t.getValuesCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getValues(i);
            }
            tensors.add(new NetworkWeights.Tensor(t.getName(), shape, values));
        }
        return new NetworkWeights(record.getVersion(), tensors);
    }

    /**
     * The network a stored model was trained as: its kind and widths.
     *
     * @throws IllegalStateException naming the model when its shape is not one this build can build
     */
    public static SequenceModelSpec spec(ModelRecord record) {
        SequenceShape s = record.getShape();
        try {
            SequenceModelKind kind = s.getKind().isEmpty() ? SequenceModelKind.GRU : SequenceModelKind.of(s.getKind());
            return new SequenceModelSpec(s.getVocabularySize(), s.getEmbedding(), s.getHidden(), s.getLayers(), s.getPromptLength(),
                    s.getResponseLength(), kind, s.getHeads());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored model '" + record.getName() + "' has shape " + describe(s) + "which this build cannot "
                    + "build: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a stored model is the network the settings describe: the same kind and widths.
     *
     * @throws IllegalStateException naming the model and both shapes when they differ
     */
    public static void requireShape(ModelRecord record, SequenceModelSpec spec) {
        if (!spec(record).equals(spec)) {
            throw new IllegalStateException("stored model '" + record.getName() + "' has shape " + describe(shape(spec(record)))
                    + "but the run's settings describe " + describe(shape(spec)));
        }
    }

    public static SequenceShape shape(SequenceModelSpec spec) {
        return SequenceShape.newBuilder().setVocabularySize(spec.vocabularySize()).setEmbedding(spec.embedding())
                .setHidden(spec.hidden()).setLayers(spec.layers()).setPromptLength(spec.promptLength())
                .setResponseLength(spec.responseLength()).setKind(spec.kind().settingName()).setHeads(spec.heads()).build();
    }

    private static String describe(SequenceShape shape) {
        return shape.toString().replace('\n', ' ');
    }
}
