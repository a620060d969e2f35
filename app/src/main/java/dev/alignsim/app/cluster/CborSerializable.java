package dev.alignsim.app.cluster;

/**
 * Marks the messages that cross nodes: bound to Pekko's {@code jackson-cbor} serializer in {@code alignsim-cluster.conf},
 * so that no message ever falls back to Java serialization (which stays off).
 */
public interface CborSerializable {}
