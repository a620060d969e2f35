package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.GoldWeights;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Map;

/** A shared small world and helpers that measure how often a strategy agrees with gold. */
final class Fixtures {

    static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);
    static final LabelerWorld WORLD = new LabelerWorld(VOCAB, KB, new GoldUtility(VOCAB, KB, GoldWeights.defaults()));
    /** Length and off-topic tokens cost nothing here, so responses of different length can have equal gold. */
    static final LabelerWorld FREE_LENGTH_WORLD = new LabelerWorld(VOCAB, KB, new GoldUtility(VOCAB, KB,
            new GoldWeights(1.0, 0.0, 0.2, 0.0, 1.0, 2.0, 2.0, 0.5, 0.5, 1.5, 2.0, 0.5, 2.0, 0.5, 1.0, 1.0, 1.0, 5.0)));

    static final Prompt TASK = Prompt.task(VOCAB, 3);
    /** Three distinct on-topic words: gold 2.94. */
    static final int[] GOOD = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), VOCAB.topicWord(3, 2), Vocabulary.EOS};
    /** One on-topic word: gold 0.98, a clear gap of 1.96 below GOOD. */
    static final int[] BAD = {VOCAB.topicWord(3, 0), Vocabulary.EOS};

    private Fixtures() {
    }

    static LabelerStrategy strategy(String name, Map<String, Double> params) {
        return LabelerStrategies.create(name, params);
    }

    static LabelingContext context(LabelerWorld world, long seed, long labelsGiven) {
        return new LabelingContext(world, new Rng(seed), seed, labelsGiven);
    }

    /**
     * The fraction of {@code n} pairwise choices in which the strategy prefers {@code better}; the pair is
     * presented in alternating order so that position effects cancel.
     */
    static double agreement(LabelerStrategy strategy, LabelingContext context, Prompt prompt, int[] better,
            int[] worse, int n) {
        int agree = 0;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                agree += strategy.choose(prompt, better, worse, context) == 0 ? 1 : 0;
            } else {
                agree += strategy.choose(prompt, worse, better, context) == 1 ? 1 : 0;
            }
        }
        return agree / (double) n;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
