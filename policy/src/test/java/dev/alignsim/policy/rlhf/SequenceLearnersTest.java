package dev.alignsim.policy.rlhf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequenceLearnersTest {
    private static final SequenceModelSpec SPEC = new SequenceModelSpec(20, 8, 16, 1, 3, 6);

    /** The GRU of SPEC, or a Transformer of the same widths (2 heads) and layout. */
    private static SequenceModelSpec spec(SequenceModelKind kind) {
        return kind == SequenceModelKind.GRU ? SPEC : SequenceModelSpec.transformer(20, 8, 16, 1, 2, 3, 6);
    }

    private static int[][] prompts(int n) {
        int[][] p = new int[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new int[] {Vocabulary.BOS, 10 + i % 5, Vocabulary.SEP};
        }
        return p;
    }

    private static SequencePpoSettings settings(int epochs, int minibatches) {
        return new SequencePpoSettings(1e-3, 1e-3, epochs, minibatches, 0.2, 0.2, 0.0, 1.0, 1.0, 0.95, 1.0);
    }

    /** A batch sampled from the policy, with rewards that favour token 12 and whitened advantages. */
    private static ResponseBatch batch(SequencePolicy policy, int n, long seed) {
        int[][] prompts = prompts(n);
        SequencePolicy.Generation g = policy.generate(prompts, 1.0, new Rng(seed));
        int width = SPEC.responseLength();
        int[] lengths = new int[n];
        double[] scores = new double[n];
        for (int b = 0; b < n; b++) {
            lengths[b] = g.responses()[b].length;
            for (int t : g.responses()[b]) {
                scores[b] += t == 12 ? 1 : 0;
            }
        }
        float[] values = new float[n * width];
        float[] rewards = TokenAdvantages.rewards(g.logProbs(), g.logProbs(), scores, lengths, width, 0.0);
        TokenAdvantages.Estimates e = TokenAdvantages.gae(rewards, values, lengths, width, 1.0, 0.95);
        return new ResponseBatch(prompts, g.responses(), g.logProbs(), values, TokenAdvantages.whiten(e.advantages(), lengths, width),
                e.returns());
    }

    @Test
    void shouldHaveNoKlAndNoClippingWhenTheFirstMinibatchIsTheWholeBatch() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 1);
                SequencePolicyLearner learner = new SequencePolicyLearner(policy, settings(1, 1), 1)) {
            SequencePolicyLearner.Stats stats = learner.update(batch(policy, 64, 2));
            assertEquals(0.0, stats.approxKl(), 1e-6, "the policy that sampled is the policy evaluated: ratio 1");
            assertEquals(0.0, stats.clipFraction(), 1e-9);
        }
    }

    @ParameterizedTest
    @EnumSource(SequenceModelKind.class)
    void shouldRaiseTheRewardedTokensProbabilityWhenTrained(SequenceModelKind kind) {
        try (SequencePolicy policy = new SequencePolicy(spec(kind), Device.cpu(), 1);
                SequencePolicyLearner learner = new SequencePolicyLearner(policy, settings(4, 4), 1)) {
            double before = rewardedShare(policy, 7);
            for (int i = 0; i < 15; i++) {
                learner.update(batch(policy, 128, 100 + i));
            }
            double after = rewardedShare(policy, 7);
            assertTrue(after > before + 0.15, kind + ": share of token 12 went from " + before + " to " + after);
        }
    }

    private static double rewardedShare(SequencePolicy policy, long seed) {
        SequencePolicy.Generation g = policy.generate(prompts(400), 1.0, new Rng(seed));
        double hits = 0;
        double tokens = 0;
        for (int[] r : g.responses()) {
            for (int t : r) {
                hits += t == 12 ? 1 : 0;
                tokens++;
            }
        }
        return hits / tokens;
    }

    @ParameterizedTest
    @EnumSource(SequenceModelKind.class)
    void shouldLowerTheValueLossWhenTheCriticTrains(SequenceModelKind kind) {
        try (SequencePolicy policy = new SequencePolicy(spec(kind), Device.cpu(), 1);
                SequenceCritic critic = new SequenceCritic(spec(kind), Device.cpu(), 2);
                // A wide value clip: the batch's old values stay 0 here, and the clip would hold the values near them.
                SequenceCriticLearner learner = new SequenceCriticLearner(critic,
                        new SequencePpoSettings(1e-3, 1e-3, 4, 4, 0.2, 100.0, 0.0, 1.0, 1.0, 0.95, 1.0), 2)) {
            ResponseBatch batch = batch(policy, 128, 3);
            double first = learner.update(batch).loss();
            double last = first;
            for (int i = 0; i < 10; i++) {
                last = learner.update(batch).loss();
            }
            assertTrue(last < 0.7 * first, kind + ": value loss went from " + first + " to " + last);
        }
    }

    @Test
    void shouldMoveTowardsTheReferenceWhenOnlyTheKlLossTermDrives() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 3);
                SequencePolicyLearner learner = new SequencePolicyLearner(policy, settings(4, 1), 3)) {
            ResponseBatch sampled = batch(policy, 32, 4);
            // Zero advantages, and a reference that finds every sampled token e times less likely: only the k3 term moves
            // the policy, and it lowers the sampled tokens' log-probs towards the reference's.
            float[] reference = sampled.oldLogProbs().clone();
            for (int i = 0; i < reference.length; i++) {
                reference[i] -= 1f;
            }
            ResponseBatch batch = new ResponseBatch(sampled.prompts(), sampled.responses(), sampled.oldLogProbs(), sampled.oldValues(),
                    new float[reference.length], sampled.returns(), reference);
            double before = meanLogProb(policy, batch);
            learner.update(batch, 0.0);
            assertEquals(before, meanLogProb(policy, batch), 1e-6, "no advantage and no KL term: nothing to learn");
            for (int update = 0; update < 10; update++) {
                learner.update(batch, 1.0);
            }
            assertTrue(meanLogProb(policy, batch) < before - 0.02, "log-probs " + before + " -> " + meanLogProb(policy, batch));
        }
    }

    @Test
    void shouldRefuseAKlLossTermWhenTheBatchHasNoReference() {
        try (SequencePolicy policy = new SequencePolicy(SPEC, Device.cpu(), 3);
                SequencePolicyLearner learner = new SequencePolicyLearner(policy, settings(1, 1), 3)) {
            ResponseBatch batch = batch(policy, 8, 4);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> learner.update(batch, 0.1));
            assertTrue(e.getMessage().contains("reference log-probs"), e.getMessage());
        }
    }

    /** The mean log-prob the policy gives the batch's real tokens. */
    private static double meanLogProb(SequencePolicy policy, ResponseBatch batch) {
        float[] lp = policy.tokenLogProbs(batch.prompts(), batch.responses(), 1.0);
        int width = SPEC.responseLength();
        double sum = 0;
        int n = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < batch.responses()[b].length; t++) {
                sum += lp[b * width + t];
                n++;
            }
        }
        return sum / n;
    }
}
