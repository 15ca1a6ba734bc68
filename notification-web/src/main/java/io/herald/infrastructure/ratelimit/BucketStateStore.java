package io.herald.infrastructure.ratelimit;

import java.util.Optional;

/**
 * Where token-bucket states live, as opaque bytes, with the compare-and-swap primitives
 * Bucket4j's optimistic proxy needs. Values are {@code byte[]} on purpose: a data grid stores
 * them without loading application classes.
 */
public interface BucketStateStore {

    Optional<byte[]> get(String key);

    /** Stores {@code value} if there is no state yet; whether it did. */
    boolean putIfAbsent(String key, byte[] value);

    /** Replaces the state if it still equals (byte for byte) {@code expected}; whether it did. */
    boolean replace(String key, byte[] expected, byte[] value);
}
