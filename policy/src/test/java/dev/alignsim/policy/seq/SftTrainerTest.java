package dev.alignsim.policy.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SftTrainerTest {
    private static final SequenceModelSpec SPEC = SequencePolicyTest.SPEC;

    /** A demonstration that depends on the prompt: answer word w of prompt [BOS w SEP] with [w, w+1, EOS]. */
    private static int[] demonstration(int[] prompt) {
        int w = prompt[prompt.length - 2];
        return new int[] {w, w + 1, Vocabulary.EOS};
    }

    @Test
    void shouldReproduceDemonstrationsWhenTrainedOnThem() {
        int[][] prompts = SequencePolicyTest.prompts(256, 1);
        int[][] demos = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            demos[i] = demonstration(prompts[i]);
        }
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 3);
                SftTrainer trainer = new SftTrainer(policy, new SftSettings(40, 32, 1e-2, 1.0), 3)) {
            SftTrainer.Stats stats = trainer.train(prompts, demos);
            assertTrue(stats.epochLoss().get(0) > 1.5, "starts near uniform: " + stats.epochLoss().get(0));
            assertTrue(stats.finalLoss() < 0.1, "ends near the demonstrations: " + stats.finalLoss());
            int[][] fresh = SequencePolicyTest.prompts(64, 99);
            int[][] greedy = policy.generate(fresh, 0.05, new Rng(1)).responses();
            for (int i = 0; i < fresh.length; i++) {
                assertArrayEquals(demonstration(fresh[i]), greedy[i], "prompt " + i);
            }
        }
    }

    @Test
    void shouldGiveTheSameModelWhenSeedsAreTheSame() {
        int[][] prompts = SequencePolicyTest.prompts(64, 1);
        int[][] demos = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            demos[i] = demonstration(prompts[i]);
        }
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 3);
                    SftTrainer trainer = new SftTrainer(policy, new SftSettings(3, 16, 3e-3, 1.0), 3)) {
                trainer.train(prompts, demos);
                weights[run] = policy.weights(0).tensor("head.weight").values();
            }
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    /** The prompt's words, copied: [BOS a SEP] -> [a EOS], [BOS a b SEP] -> [a b EOS]. */
    private static int[] copy(int[] prompt) {
        int[] out = new int[prompt.length - 1];
        System.arraycopy(prompt, 1, out, 0, prompt.length - 2);
        out[out.length - 1] = Vocabulary.EOS;
        return out;
    }

    @ParameterizedTest
    @EnumSource(SequenceModelKind.class)
    void shouldLowerTheLossWhenTrainedOnACopyTask(SequenceModelKind kind) {
        SequenceModelSpec spec = kind == SequenceModelKind.GRU ? SPEC : TransformerPolicyTest.SPEC;
        int[][] prompts = SequencePolicyTest.prompts(128, 7);
        int[][] copies = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            copies[i] = copy(prompts[i]);
        }
        try (SequencePolicy policy = new SequencePolicy(spec, Device.cpu(), 5);
                SftTrainer trainer = new SftTrainer(policy, new SftSettings(30, 32, 1e-2, 1.0), 5)) {
            SftTrainer.Stats stats = trainer.train(prompts, copies);
            assertTrue(stats.epochLoss().get(0) > 1.5, kind + " starts near uniform: " + stats.epochLoss());
            assertTrue(stats.finalLoss() < 0.25 * stats.epochLoss().get(0), kind + " learns: " + stats.epochLoss());
        }
    }
}
