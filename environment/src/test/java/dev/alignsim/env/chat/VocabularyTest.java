package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final ChatWorldSettings SETTINGS = new ChatWorldSettings(3, 4, 5, 2, 6, 2, 7);
    private final Vocabulary vocab = new Vocabulary(SETTINGS);

    @Test
    void shouldHaveSizeOfAllGroupsWhenBuiltFromSettings() {
        // 8 control and function words + 3*4 topic + 5 + 2 + 6 + 2 harm + 2 look-alike + 7 filler.
        assertEquals(8 + 12 + 5 + 2 + 6 + 2 + 2 + 7, vocab.size());
    }

    @Test
    void shouldPartitionIdsIntoGroupsWhenEveryTypeIsListed() {
        int[] owners = new int[vocab.size()];
        for (TokenType type : TokenType.values()) {
            for (int id : vocab.ids(type)) {
                owners[id]++;
                assertEquals(type, vocab.type(id), "type of " + vocab.name(id));
            }
        }
        for (int id = 0; id < vocab.size(); id++) {
            assertEquals(1, owners[id], "groups holding id " + id);
        }
    }

    @Test
    void shouldSizeEachGroupFromSettingsWhenBuilt() {
        assertEquals(4, vocab.ids(TokenType.CONTROL).length);
        assertEquals(12, vocab.ids(TokenType.TOPIC).length);
        assertEquals(5, vocab.ids(TokenType.ENTITY).length);
        assertEquals(2, vocab.ids(TokenType.ATTRIBUTE).length);
        assertEquals(6, vocab.ids(TokenType.VALUE).length);
        assertEquals(2, vocab.ids(TokenType.HARM_MARKER).length);
        assertEquals(2, vocab.ids(TokenType.LOOKALIKE).length);
        assertEquals(7, vocab.ids(TokenType.FILLER).length);
        assertArrayEquals(new int[] {Vocabulary.SORRY}, vocab.ids(TokenType.APOLOGY));
        assertArrayEquals(new int[] {Vocabulary.CANNOT}, vocab.ids(TokenType.REFUSAL));
        assertArrayEquals(new int[] {Vocabulary.SHOULD_NOT}, vocab.ids(TokenType.LECTURE));
        assertArrayEquals(new int[] {Vocabulary.UNSURE}, vocab.ids(TokenType.UNSURE));
    }

    @Test
    void shouldNameTokensReadablyWhenAskedForNames() {
        assertEquals("<bos>", vocab.name(Vocabulary.BOS));
        assertEquals("<eos>", vocab.name(Vocabulary.EOS));
        assertEquals("SORRY", vocab.name(Vocabulary.SORRY));
        assertEquals("SHOULD_NOT", vocab.name(Vocabulary.SHOULD_NOT));
        assertEquals("topic2_w3", vocab.name(vocab.topicWord(2, 3)));
        assertEquals("ent4", vocab.name(vocab.entity(4)));
        assertEquals("attr1", vocab.name(vocab.attribute(1)));
        assertEquals("val5", vocab.name(vocab.value(5)));
        assertEquals("harm1", vocab.name(vocab.harmMarker(1)));
        assertEquals("lookalike1", vocab.name(vocab.lookalike(1)));
        assertEquals("filler6", vocab.name(vocab.filler(6)));
    }

    @Test
    void shouldGiveTopicOfTopicWordsAndMinusOneOtherwiseWhenAskedForTopic() {
        for (int t = 0; t < SETTINGS.topics(); t++) {
            for (int id : vocab.topicWords(t)) {
                assertEquals(t, vocab.topicOf(id));
            }
        }
        assertEquals(-1, vocab.topicOf(vocab.filler(0)));
        assertEquals(-1, vocab.topicOf(Vocabulary.BOS));
    }

    @Test
    void shouldHaveDistinctNamesWhenBuilt() {
        long distinct = java.util.stream.IntStream.range(0, vocab.size()).mapToObj(vocab::name).distinct().count();
        assertEquals(vocab.size(), distinct);
    }

    @Test
    void shouldRejectIdWhenOutsideVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vocab.type(vocab.size()));
        assertTrue(e.getMessage().contains("token id"), e.getMessage());
    }

    @Test
    void shouldRejectSettingsNamingFieldWhenASizeIsZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatWorldSettings(3, 4, 5, 0, 6, 2, 7));
        assertTrue(e.getMessage().contains("attributes"), e.getMessage());
    }

    @Test
    void shouldRejectSettingsNamingFieldWhenASizeIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatWorldSettings(3, 4, 5, 2, 6, 2, -1));
        assertTrue(e.getMessage().contains("filler"), e.getMessage());
    }
}
