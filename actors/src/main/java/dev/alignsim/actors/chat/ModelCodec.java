package dev.alignsim.actors.chat;

import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.SequenceShape;
import dev.alignsim.storage.proto.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Trained sequence models to and from their stored records. */
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
     * Checks that a stored model fits the network the settings describe.
     *
     * @throws IllegalStateException naming the model and both shapes when they differ
     */
    public static void requireShape(ModelRecord record, SequenceModelSpec spec) {
        if (!record.getShape().equals(shape(spec))) {
            throw new IllegalStateException("stored model '" + record.getName() + "' has shape " + record.getShape().toString().replace('\n', ' ')
                    + "but the run's settings describe " + shape(spec).toString().replace('\n', ' '));
        }
    }

    public static SequenceShape shape(SequenceModelSpec spec) {
        return SequenceShape.newBuilder().setVocabularySize(spec.vocabularySize()).setEmbedding(spec.embedding())
                .setHidden(spec.hidden()).setLayers(spec.layers()).setPromptLength(spec.promptLength())
                .setResponseLength(spec.responseLength()).build();
    }
}
