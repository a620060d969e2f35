package dev.alignsim.storage;

import dev.alignsim.storage.proto.ChatResponses;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * ChatWorld's responses, one record per PPO iteration and shard: read by iteration range, as records or decoded
 * response by response. They are written with their iteration ({@link RunStore#commit}).
 */
public final class ChatResponseRepository {
    private final RocksStore store;

    ChatResponseRepository(RocksStore store) {
        this.store = store;
    }

    /** The records of iterations {@code from..to} (inclusive), in key order (iteration, then shard). */
    public List<ChatResponses> range(long from, long to) {
        return Records.readRange(store, RecordKind.RESPONSES, ChatResponses.parser(), KeyCodec.iteration(from),
                KeyCodec.after(to), "responses");
    }

    /**
     * The responses of iterations {@code from..to} (inclusive), decoded, in key order and then row order.
     *
     * @throws StoreException (corrupted) naming the store, iteration and shard of a record whose lengths and columns
     *     disagree
     */
    public List<ChatResponse> responses(long from, long to) {
        List<ChatResponse> responses = new ArrayList<>();
        for (ChatResponses record : range(from, to)) {
            responses.addAll(decode(record));
        }
        return responses;
    }

    /** Responses stored, over all kept iterations. */
    public long count() {
        long[] count = {0};
        store.scan(RecordKind.RESPONSES, null, null, (key, value) -> {
            count[0] += Records.parse(ChatResponses.parser(), value, "responses of iteration " + KeyCodec.iterationOf(key))
                    .getResponseLengthsCount();
            return true;
        });
        return count[0];
    }

    private List<ChatResponse> decode(ChatResponses record) {
        try {
            return ChatResponseCodec.decode(record);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Problem.CORRUPTED, "store " + store.directory()
                    + " holds inconsistent responses for iteration " + record.getIteration() + ", shard " + record.getShard()
                    + ": " + e.getMessage(), e);
        }
    }
}
