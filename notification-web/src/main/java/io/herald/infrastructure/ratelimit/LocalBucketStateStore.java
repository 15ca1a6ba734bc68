package io.herald.infrastructure.ratelimit;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bucket states in this JVM only: the fallback when no JCache provider is available (then the
 * limit holds per server instance, not cluster-wide). {@link ByteBuffer} gives the map
 * content equality on the bytes.
 */
public class LocalBucketStateStore implements BucketStateStore {

    private final ConcurrentMap<String, ByteBuffer> states = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> get(String key) {
        ByteBuffer b = states.get(key);
        return b == null ? Optional.empty() : Optional.of(b.array().clone());
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return states.putIfAbsent(key, ByteBuffer.wrap(value.clone())) == null;
    }

    @Override
    public boolean replace(String key, byte[] expected, byte[] value) {
        return states.replace(key, ByteBuffer.wrap(expected), ByteBuffer.wrap(value.clone()));
    }
}
