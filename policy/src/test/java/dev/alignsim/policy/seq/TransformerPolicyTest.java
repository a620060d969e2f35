package dev.alignsim.policy.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.nn.NetworkWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy on the Transformer encoder: the same contract as the GRU's (SequencePolicyTest), and causality. */
class TransformerPolicyTest {
    /** Width 16 in 4 heads, MLP 32, 2 blocks; the same vocabulary and layout as SequencePolicyTest's GRU. */
    static final SequenceModelSpec SPEC = SequenceModelSpec.transformer(20, 16, 32, 2, 4, 4, 6);

    @Test
    void shouldMatchSamplingLogProbsWhenTeacherForced() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 2)) {
            int[][] p = SequencePolicyTest.prompts(48, 4);
            for (double temperature : new double[] {1.0, 0.7}) {
                SequencePolicy.Generation g = policy.generate(p, temperature, new Rng(11));
                float[] forced = policy.tokenLogProbs(p, g.responses(), temperature);
                for (int b = 0; b < p.length; b++) {
                    for (int i = 0; i < g.responses()[b].length; i++) {
                        assertEquals(g.logProb(b, i), forced[b * SPEC.responseLength() + i], 1e-5,
                                "response " + b + " token " + i + " at temperature " + temperature);
                    }
                }
            }
        }
    }

    @Test
    void shouldKeepEarlierPositionsLogitsWhenALaterTokenChanges() {
        int[][] prompts = SequencePolicyTest.prompts(16, 5);
        int[][] before = new int[prompts.length][];
        int[][] after = new int[prompts.length][];
        int changed = 3;
        for (int b = 0; b < prompts.length; b++) {
            before[b] = new int[] {10, 11, 12, 13, 14, Vocabulary.EOS};
            after[b] = before[b].clone();
            after[b][changed] = 15 + b % 5;
        }
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 3)) {
            float[] a = logits(policy, prompts, before);
            float[] c = logits(policy, prompts, after);
            int v = SPEC.vocabularySize();
            int r = SPEC.responseLength();
            for (int b = 0; b < prompts.length; b++) {
                // Response position i predicts token i from the tokens before it: positions up to the changed token
                // read nothing of it, the ones after do.
                for (int i = 0; i <= changed; i++) {
                    for (int k = 0; k < v; k++) {
                        int at = (b * r + i) * v + k;
                        assertEquals(a[at], c[at], 1e-6, "row " + b + " position " + i);
                    }
                }
                int next = (b * r + changed + 1) * v;
                assertNotEquals(a[next], c[next], "position " + (changed + 1) + " reads the changed token");
            }
        }
    }

    @Test
    void shouldIgnoreTheLeftPaddingOfPromptsWhenAttending() {
        // Prompts of 3 tokens are left-padded with one PAD; the PAD's embedding must not reach any real position.
        int[][] prompts = new int[8][];
        int[][] responses = new int[8][];
        for (int b = 0; b < prompts.length; b++) {
            prompts[b] = new int[] {Vocabulary.BOS, 10 + b % 5, Vocabulary.SEP};
            responses[b] = new int[] {11, 12, Vocabulary.EOS};
        }
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 4)) {
            float[] plain = logits(policy, prompts, responses);
            policy.load(withPadEmbedding(policy.weights(0), 5f));
            float[] moved = logits(policy, prompts, responses);
            int v = SPEC.vocabularySize();
            for (int b = 0; b < prompts.length; b++) {
                // The response's own positions (up to its EOS); the ones after read the response's PAD, which is a token.
                for (int i = 0; i < responses[b].length; i++) {
                    int from = (b * SPEC.responseLength() + i) * v;
                    assertArrayEquals(Arrays.copyOfRange(plain, from, from + v), Arrays.copyOfRange(moved, from, from + v),
                            1e-6f, "row " + b + " position " + i);
                }
            }
        }
    }

    @Test
    void shouldReadThePadEmbeddingWhenTheGruRunsOverPadding() {
        // The contrast that shows the test above can fail: the GRU reads every position, padding included.
        SequenceModelSpec gru = SequencePolicyTest.SPEC;
        int[][] prompts = {{Vocabulary.BOS, 10, Vocabulary.SEP}};
        int[][] responses = {{11, Vocabulary.EOS}};
        try (SequencePolicy policy = new SequencePolicy(gru, Device.cpu(), 4)) {
            float[] plain = logits(policy, prompts, responses);
            policy.load(withPadEmbedding(policy.weights(0), 5f));
            float[] moved = logits(policy, prompts, responses);
            assertNotEquals(plain[0], moved[0]);
        }
    }

    @Test
    void shouldRefuseHeadsThatDoNotDivideTheWidthWhenSpecified() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceModelSpec.transformer(20, 10, 32, 1, 4, 4, 6));
        assertTrue(e.getMessage().contains("model.heads"), e.getMessage());
    }

    @Test
    void shouldNameEveryParameterUnderTheEncoderOrTheHeadWhenBuilt() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 1)) {
            NetworkWeights w = policy.weights(0);
            for (String name : w.names()) {
                assertTrue(name.startsWith(SequenceEncoder.PREFIX) || name.startsWith("head."), name);
            }
            assertArrayEquals(new int[] {SPEC.sequenceLength(), SPEC.embedding()}, w.tensor("encoder.position").shape());
            assertArrayEquals(new int[] {SPEC.vocabularySize(), SPEC.embedding()}, w.tensor("head.weight").shape());
        }
    }

    /** Teacher-forced logits, (batch, responseLength, vocabulary), as plain numbers. */
    private static float[] logits(SequencePolicy policy, int[][] prompts, int[][] responses) {
        SequenceBatch batch = SequenceBatch.of(policy.spec(), prompts, responses);
        try (NDManager scope = policy.parameters().manager().newSubManager()) {
            return policy.responseLogits(scope, batch).toFloatArray();
        }
    }

    private static NetworkWeights withPadEmbedding(NetworkWeights weights, float value) {
        List<NetworkWeights.Tensor> tensors = new ArrayList<>();
        for (NetworkWeights.Tensor t : weights.tensors()) {
            if (t.name().equals("encoder.embedding")) {
                float[] values = t.values().clone();
                int width = t.shape()[1];
                for (int k = 0; k < width; k++) {
                    values[Vocabulary.PAD * width + k] = value;
                }
                tensors.add(new NetworkWeights.Tensor(t.name(), t.shape(), values));
            } else {
                tensors.add(t);
            }
        }
        return new NetworkWeights(weights.version(), tensors);
    }
}
