package io.herald.infrastructure.ratelimit;

import java.util.Optional;
import javax.cache.Cache;

/**
 * Bucket states in a JCache cache. On Payara the cache is a Hazelcast distributed cache of the
 * domain data grid, so every instance in the cluster consumes from the same buckets. Hazelcast
 * compares values in their serialised form, so {@link Cache#replace(Object, Object, Object)} on
 * {@code byte[]} is a compare-and-swap on the content.
 */
public class JCacheBucketStateStore implements BucketStateStore {

    private final Cache<String, byte[]> cache;

    public JCacheBucketStateStore(Cache<String, byte[]> cache) {
        this.cache = cache;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(cache.get(key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return cache.putIfAbsent(key, value);
    }

    @Override
    public boolean replace(String key, byte[] expected, byte[] value) {
        return cache.replace(key, expected, value);
    }
}
