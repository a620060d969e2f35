package dev.alignsim.env.labelers;

import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Objects;

/**
 * What a labeler can look at besides the responses: the vocabulary, the knowledge base and the hidden gold
 * utility (which labelers see only through their strategy's noise and biases).
 *
 * @param vocabulary the world's tokens
 * @param knowledge the world's facts
 * @param gold the gold utility of the same world
 */
public record LabelerWorld(Vocabulary vocabulary, KnowledgeBase knowledge, GoldUtility gold) {

    public LabelerWorld {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(knowledge, "knowledge");
        Objects.requireNonNull(gold, "gold");
    }
}
