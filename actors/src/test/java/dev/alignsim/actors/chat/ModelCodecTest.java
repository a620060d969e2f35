package dev.alignsim.actors.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.ModelRecord;
import dev.alignsim.storage.proto.SequenceShape;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
    private static final SequenceModelSpec TRANSFORMER = SequenceModelSpec.transformer(20, 8, 16, 2, 2, 4, 6);
    private static final SequenceModelSpec GRU = new SequenceModelSpec(20, 8, 16, 2, 4, 6);
    private static final int[][] PROMPTS = {{Vocabulary.BOS, 10, Vocabulary.SEP}, {Vocabulary.BOS, 11, 12, Vocabulary.SEP}};

    @Test
    void shouldReloadAStoredTransformerAsTheSameTransformerWhenDecoded() throws InvalidProtocolBufferException {
        try (SequencePolicy trained = new SequencePolicy(TRANSFORMER, Device.cpu(), 3)) {
            ModelRecord stored = ModelRecord.parseFrom(ModelCodec.record("sft", "reference", TRANSFORMER, trained.weights(7), 0, 1, 3)
                    .toByteArray());
            assertEquals("transformer", stored.getShape().getKind());
            SequenceModelSpec spec = ModelCodec.spec(stored);
            assertEquals(TRANSFORMER, spec);
            ModelCodec.requireShape(stored, TRANSFORMER);
            try (SequencePolicy reloaded = new SequencePolicy(spec, Device.cpu(), 99)) {
                reloaded.load(ModelCodec.weights(stored));
                assertEquals(7, ModelCodec.weights(stored).version());
                SequencePolicy.Generation a = trained.generate(PROMPTS, 1.0, new Rng(5));
                SequencePolicy.Generation b = reloaded.generate(PROMPTS, 1.0, new Rng(5));
                assertArrayEquals(a.responses(), b.responses());
                assertArrayEquals(a.logProbs(), b.logProbs());
            }
        }
    }

    @Test
    void shouldReadAModelStoredWithoutAKindAsAGruWhenDecoded() {
        ModelRecord old = ModelRecord.newBuilder().setName("sft").setShape(SequenceShape.newBuilder().setVocabularySize(20).setEmbedding(8)
                .setHidden(16).setLayers(2).setPromptLength(4).setResponseLength(6)).build();
        assertEquals(GRU, ModelCodec.spec(old));
        ModelCodec.requireShape(old, GRU);
        assertEquals("gru", ModelCodec.shape(GRU).getKind());
        assertEquals(0, ModelCodec.shape(GRU).getHeads());
    }

    @Test
    void shouldRefuseAStoredModelOfTheOtherKindWhenTheSettingsDescribeIt() {
        ModelRecord stored;
        try (SequencePolicy trained = new SequencePolicy(TRANSFORMER, Device.cpu(), 3)) {
            stored = ModelCodec.record("sft", "reference", TRANSFORMER, trained.weights(1), 0, 1, 3);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelCodec.requireShape(stored, GRU));
        assertTrue(e.getMessage().contains("'sft'") && e.getMessage().contains("transformer") && e.getMessage().contains("gru"),
                e.getMessage());
        SequenceModelSpec moreHeads = SequenceModelSpec.transformer(20, 8, 16, 2, 4, 4, 6);
        assertThrows(IllegalStateException.class, () -> ModelCodec.requireShape(stored, moreHeads));
    }

    @Test
    void shouldRefuseAStoredKindThisBuildDoesNotKnowWhenDecoded() {
        ModelRecord odd = ModelRecord.newBuilder().setName("rm/0").setShape(ModelCodec.shape(GRU).toBuilder().setKind("lstm")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelCodec.spec(odd));
        assertTrue(e.getMessage().contains("'rm/0'") && e.getMessage().contains("lstm"), e.getMessage());
        assertEquals(SequenceModelKind.GRU, ModelCodec.spec(ModelRecord.newBuilder().setShape(ModelCodec.shape(GRU)).build()).kind());
    }
}
