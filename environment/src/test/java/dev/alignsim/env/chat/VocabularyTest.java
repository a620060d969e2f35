package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final ChatWorldSettings SETTINGS = ChatWorldSettings.of(3, 4, 5, 2, 6, 2, 7);
    private final Vocabulary vocab = new Vocabulary(SETTINGS);

    @Test
    void shouldHaveSizeOfAllGroupsWhenBuiltFromSettings() {
        // 11 control and function words + 3*4 topic + 3*3 objects + 6 intents + 4 contexts + 2 templates
        // + 5 entities + 2 attributes + 6 values + 7 filler.
        assertEquals(11 + 12 + 9 + 6 + 4 + 2 + 5 + 2 + 6 + 7, vocab.size());
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
        assertEquals(9, vocab.ids(TokenType.OBJECT).length);
        assertEquals(6, vocab.ids(TokenType.INTENT).length);
        assertEquals(4, vocab.ids(TokenType.CONTEXT).length);
        assertEquals(2, vocab.ids(TokenType.TEMPLATE).length);
        assertEquals(7, vocab.ids(TokenType.FILLER).length);
        assertArrayEquals(new int[] {Vocabulary.SORRY}, vocab.ids(TokenType.APOLOGY));
        assertArrayEquals(new int[] {Vocabulary.CANNOT}, vocab.ids(TokenType.REFUSAL));
        assertArrayEquals(new int[] {Vocabulary.SHOULD_NOT}, vocab.ids(TokenType.LECTURE));
        assertArrayEquals(new int[] {Vocabulary.JUDGE}, vocab.ids(TokenType.JUDGMENT));
        assertArrayEquals(new int[] {Vocabulary.EVADE}, vocab.ids(TokenType.EVASION));
        assertArrayEquals(new int[] {Vocabulary.HEDGE_WORD}, vocab.ids(TokenType.HEDGE));
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
        assertEquals("obj7", vocab.name(vocab.object(7)));
        assertEquals("ask_b1", vocab.name(vocab.intent(1)));
        assertEquals("ask_h0", vocab.name(vocab.intent(2)));
        assertEquals("ask_a1", vocab.name(vocab.intent(5)));
        assertEquals("ctx_s1", vocab.name(vocab.context(1)));
        assertEquals("ctx_r0", vocab.name(vocab.context(2)));
        assertEquals("tmpl1", vocab.name(vocab.template(1)));
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
    void shouldGiveObjectsTheirTopicAndDangerWhenAskedAboutAnObject() {
        // 3 objects per topic, the first of each dangerous; harm category = topic mod 2.
        assertEquals(2, vocab.topicOf(vocab.object(7)));
        assertTrue(vocab.isDangerous(6));
        assertEquals(0, vocab.harmCategory(6));
        assertEquals(1, vocab.harmCategory(3));
        assertEquals(-1, vocab.harmCategory(7));
    }

    @Test
    void shouldNumberIntentsBenignThenHarmfulThenAmbiguousWhenClassifying() {
        assertEquals(IntentClass.BENIGN, vocab.intentClass(1));
        assertEquals(IntentClass.HARMFUL, vocab.intentClass(2));
        assertEquals(IntentClass.AMBIGUOUS, vocab.intentClass(4));
        assertEquals(4, vocab.intentOf(IntentClass.AMBIGUOUS, 0));
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
                () -> ChatWorldSettings.of(3, 4, 5, 0, 6, 2, 7));
        assertTrue(e.getMessage().contains("attributes"), e.getMessage());
    }

    @Test
    void shouldRejectSettingsNamingFieldWhenASizeIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatWorldSettings.of(3, 4, 5, 2, 6, 2, -1));
        assertTrue(e.getMessage().contains("filler"), e.getMessage());
    }
}
