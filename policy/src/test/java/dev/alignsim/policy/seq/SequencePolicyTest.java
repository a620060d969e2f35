package dev.alignsim.policy.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import org.junit.jupiter.api.Test;

class SequencePolicyTest {
    static final SequenceModelSpec SPEC = new SequenceModelSpec(20, 8, 16, 1, 4, 6);

    static int[][] prompts(int n, long seed) {
        Rng rng = new Rng(seed);
        int[][] prompts = new int[n][];
        for (int i = 0; i < n; i++) {
            prompts[i] = rng.nextInt(2) == 0
                    ? new int[] {Vocabulary.BOS, 10 + rng.nextInt(5), Vocabulary.SEP}
                    : new int[] {Vocabulary.BOS, 15 + rng.nextInt(5), 10 + rng.nextInt(5), Vocabulary.SEP};
        }
        return prompts;
    }

    @Test
    void shouldEndEveryResponseAtEosOrTheLengthLimitWhenGenerating() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 1)) {
            SequencePolicy.Generation g = policy.generate(prompts(64, 3), 1.0, new Rng(5));
            int terminated = 0;
            for (int[] response : g.responses()) {
                int eos = SequenceBatch.readLength(response);
                assertEquals(response.length, eos, "no tokens after EOS");
                assertTrue(response.length >= 1 && response.length <= SPEC.responseLength());
                if (response[response.length - 1] == Vocabulary.EOS) {
                    terminated++;
                } else {
                    assertEquals(SPEC.responseLength(), response.length);
                }
            }
            assertTrue(terminated > 0, "an untrained policy over 20 tokens emits EOS sometimes");
        }
    }

    @Test
    void shouldGiveTheSameResponsesWhenSeedsAreTheSame() {
        try (SequencePolicy a = new SequencePolicy(SPEC, Device.cpu(), 1);
                SequencePolicy b = new SequencePolicy(SPEC, Device.cpu(), 1)) {
            int[][] p = prompts(32, 3);
            assertArrayEquals(a.generate(p, 1.0, new Rng(9)).responses(), b.generate(p, 1.0, new Rng(9)).responses());
        }
    }

    @Test
    void shouldMatchSamplingLogProbsWhenTeacherForced() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 2)) {
            int[][] p = prompts(48, 4);
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
    void shouldRejectResponsesLongerThanTheModelWritesWhenLaidOut() {
        int[][] p = {{Vocabulary.BOS, 10, Vocabulary.SEP}};
        int[][] r = {{10, 11, 12, 13, 14, 15, 16}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequenceBatch.of(SPEC, p, r));
        assertTrue(e.getMessage().contains("model.response_length"), e.getMessage());
    }
}
