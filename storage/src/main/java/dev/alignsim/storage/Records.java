package dev.alignsim.storage;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import java.util.ArrayList;
import java.util.List;

/** Stored values decoded into their Protobuf records; a value that does not decode is a corrupted store. */
final class Records {
    private Records() {}

    /** The records of {@code kind} with {@code from <= key < to}, decoded, in key order. */
    static <T> List<T> readRange(RocksStore store, RecordKind kind, Parser<T> parser, byte[] from, byte[] to, String what) {
        List<T> records = new ArrayList<>();
        store.scan(kind, from, to, (key, value) -> {
            records.add(parse(parser, value, what + " of iteration " + KeyCodec.iterationOf(key)));
            return true;
        });
        return records;
    }

    static <T> T parse(Parser<T> parser, byte[] value, String what) {
        try {
            // The value array is ours alone: let bytes fields (the experience columns) alias it instead of copying.
            // (A stream over a wrapped ByteString counts as immutable input, which aliasing requires.)
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(value).newCodedInput();
            input.enableAliasing(true);
            return parser.parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException(StoreException.Problem.CORRUPTED, "cannot decode " + what + ": " + e.getMessage(), e);
        }
    }
}
