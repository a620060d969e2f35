package dev.alignsim.env.labelers.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.GoldWeights;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerStrategies;
import dev.alignsim.env.labelers.LabelerStrategy;
import dev.alignsim.env.labelers.LabelerWorld;
import dev.alignsim.env.labelers.LabelingContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContrarianPluginTest {

    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);
    private static final LabelerWorld WORLD =
            new LabelerWorld(VOCAB, KB, new GoldUtility(VOCAB, KB, GoldWeights.defaults()));

    @Test
    void shouldFindThePluginThroughServiceLoaderWhenListedInMetaInfServices() {
        assertTrue(LabelerStrategies.names().contains("contrarian"), "names " + LabelerStrategies.names());
        assertInstanceOf(ContrarianStrategyProvider.class, LabelerStrategies.provider("contrarian"));
    }

    @Test
    void shouldRankWorstFirstWhenContrarian() {
        LabelerStrategy contrarian = LabelerStrategies.create("contrarian", Map.of());
        Prompt task = Prompt.task(VOCAB, 3);
        int[] one = {VOCAB.topicWord(3, 0), Vocabulary.EOS};
        int[] two = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), Vocabulary.EOS};
        int[] three = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), VOCAB.topicWord(3, 2), Vocabulary.EOS};

        int[] ranking = contrarian.rank(task, new int[][] {two, three, one},
                new LabelingContext(WORLD, new Rng(1), 1, 0));

        assertArrayEquals(new int[] {2, 0, 1}, ranking);
    }
}
