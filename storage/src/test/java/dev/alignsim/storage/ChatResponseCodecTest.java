package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.storage.proto.ChatResponses;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponseCodecTest {
    private static final int MAX_TOKENS = 6;

    private static float[] row(float[] padded, int b, int length) {
        return Arrays.copyOfRange(padded, b * MAX_TOKENS, b * MAX_TOKENS + length);
    }

    @Test
    void shouldReadBackEveryResponseAndItsColumnsWhenEncodedThenDecoded() {
        StoreRecords.Responses written = StoreRecords.responses(7, 5, MAX_TOKENS, 3);

        List<ChatResponse> read = ChatResponseCodec.decode(written.encoded());

        assertEquals(5, read.size());
        for (int b = 0; b < 5; b++) {
            ChatResponse r = read.get(b);
            int length = written.tokens()[b].length;
            assertEquals(7, r.iteration());
            assertEquals(b, r.row());
            assertArrayEquals(written.prompts()[b], r.prompt());
            assertArrayEquals(written.tokens()[b], r.tokens());
            assertArrayEquals(row(written.logProbs(), b, length), r.logProbs());
            assertArrayEquals(row(written.values(), b, length), r.values());
            assertArrayEquals(row(written.rewards(), b, length), r.rewards());
            assertArrayEquals(row(written.advantages(), b, length), r.advantages());
            assertArrayEquals(row(written.returns(), b, length), r.returns());
        }
    }

    @Test
    void shouldStoreNoPaddingWhenResponsesAreShorterThanMaxTokens() {
        StoreRecords.Responses written = StoreRecords.responses(1, 5, MAX_TOKENS, 4);
        int tokens = Arrays.stream(written.tokens()).mapToInt(t -> t.length).sum();
        assertTrue(tokens < 5 * MAX_TOKENS, "the test needs padding");

        ChatResponses record = written.encoded();

        assertEquals(tokens, record.getResponseTokensCount());
        for (float[] column : List.of(ExperienceColumns.floats(record.getLogProbs()), ExperienceColumns.floats(record.getReturns()))) {
            assertEquals(tokens, column.length);
            for (float v : column) {
                assertFalse(v == StoreRecords.PADDING_MARKER, "a padding entry was stored");
            }
        }
    }

    @Test
    void shouldKeepEveryFloatBitWhenValuesAreSpecial() {
        float[] special = {-0f, Float.intBitsToFloat(0x7fc01234), Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1f / 3f, 0f};
        int[][] prompts = {{Vocabulary.BOS, 9, Vocabulary.SEP}};
        int[][] tokens = {{10, 11, 12, 13, 14, Vocabulary.EOS}};

        ChatResponse read = ChatResponseCodec.decode(ChatResponseCodec.encode(1, MAX_TOKENS, prompts, tokens, special, special,
                special, special, special)).get(0);

        for (float[] column : List.of(read.logProbs(), read.values(), read.rewards(), read.advantages(), read.returns())) {
            for (int j = 0; j < special.length; j++) {
                assertEquals(Float.floatToRawIntBits(special[j]), Float.floatToRawIntBits(column[j]), "entry " + j);
            }
        }
    }

    @Test
    void shouldRefuseEncodingNamingTheColumnWhenAColumnHasTheWrongLength() {
        StoreRecords.Responses r = StoreRecords.responses(1, 3, MAX_TOKENS, 5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatResponseCodec.encode(1, MAX_TOKENS,
                r.prompts(), r.tokens(), r.logProbs(), r.values(), Arrays.copyOf(r.rewards(), 17), r.advantages(), r.returns()));

        assertTrue(e.getMessage().contains("rewards") && e.getMessage().contains("18"), e.getMessage());
    }

    @Test
    void shouldRefuseEncodingWhenPromptsAndResponsesDifferInNumber() {
        StoreRecords.Responses r = StoreRecords.responses(1, 3, MAX_TOKENS, 5);

        assertThrows(IllegalArgumentException.class, () -> ChatResponseCodec.encode(1, MAX_TOKENS, Arrays.copyOf(r.prompts(), 2),
                r.tokens(), r.logProbs(), r.values(), r.rewards(), r.advantages(), r.returns()));
    }

    @Test
    void shouldRefuseEncodingWhenAResponseIsLongerThanMaxTokens() {
        float[] column = new float[MAX_TOKENS];
        int[][] tooLong = {new int[MAX_TOKENS + 1]};

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatResponseCodec.encode(1, MAX_TOKENS,
                new int[][] {{0, 1}}, tooLong, column, column, column, column, column));

        assertTrue(e.getMessage().contains("at most " + MAX_TOKENS), e.getMessage());
    }

    @Test
    void shouldRefuseDecodingNamingTheColumnWhenItMissesTokens() {
        ChatResponses record = StoreRecords.responses(1, 3, MAX_TOKENS, 6).encoded();
        float[] values = ExperienceColumns.floats(record.getValues());
        ChatResponses broken = record.toBuilder().setValues(ExperienceColumns.floats(Arrays.copyOf(values, values.length - 1))).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatResponseCodec.decode(broken));

        assertTrue(e.getMessage().contains("values") && e.getMessage().contains("expected one per response token"), e.getMessage());
    }

    @Test
    void shouldRefuseDecodingWhenPromptLengthsDisagreeWithPromptTokens() {
        ChatResponses record = StoreRecords.responses(1, 3, MAX_TOKENS, 6).encoded();
        ChatResponses broken = record.toBuilder().addPromptTokens(5).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatResponseCodec.decode(broken));

        assertTrue(e.getMessage().contains("prompt tokens"), e.getMessage());
    }
}
